namespace TeamsBot.Audit;

/// <summary>Why a record breaks the chain.</summary>
public enum AuditChainProblem
{
    /// <summary>The record's stored hash does not match its fields: a field was changed after it was written.</summary>
    HashMismatch,

    /// <summary>The record does not point at the hash of the record before it: that one was replaced or rewritten.</summary>
    PreviousHashMismatch,

    /// <summary>Sequence numbers are not consecutive: records were deleted (or inserted out of order).</summary>
    SequenceGap,

    /// <summary>The stored message text does not match its hash: the text was changed.</summary>
    ContentMismatch,
}
