namespace TeamsBot.Audit;

/// <summary>The append-only, hash-chained record of every turn decision.</summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends one record at the head of the chain. Appends are serialised across threads and app instances, so the
    /// chain never forks. Throws if the record cannot be written: a decision that cannot be audited should not pass.
    /// </summary>
    Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken);
}
