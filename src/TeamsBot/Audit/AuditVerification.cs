namespace TeamsBot.Audit;

/// <summary>The outcome of checking the whole chain.</summary>
/// <param name="Count">Records that passed, in sequence order (all of them when the chain is valid).</param>
/// <param name="HeadSequence">The last valid record's sequence number; null for an empty log.</param>
/// <param name="HeadHash">The last valid record's hash. Keep it somewhere else: it also proves later truncation.</param>
/// <param name="BrokenSequence">Sequence number of the first record that breaks the chain; null when valid.</param>
/// <param name="Problem">What is wrong with that record.</param>
/// <param name="Detail">One sentence for the operator; never message content.</param>
public sealed record AuditVerification(long Count, long? HeadSequence, string? HeadHash, long? BrokenSequence,
    AuditChainProblem? Problem, string? Detail)
{
    public bool IsValid => Problem is null;
}
