using TeamsBot.Audit;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Records audit entries in memory for pipeline tests; the real log is tested in Audit/.</summary>
public sealed class RecordingAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];

    public Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        Entries.Add(entry);
        return Task.CompletedTask;
    }
}
