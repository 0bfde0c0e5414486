using TeamsBot.Knowledge;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge;

/// <summary>Pending documents are claimed like turns: one holder at a time, taken over once its lease has passed.</summary>
public sealed class KnowledgeIndexingQueueTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 30, 12, 0, 0, DateTimeKind.Utc);
    private readonly TempSqliteDatabase _database = new();

    [Fact]
    public async Task ClaimAsync_HeldByAnotherInstance_NotClaimedUntilTheLeaseHasPassed()
    {
        long id = await SavePendingAsync();
        var queue = new KnowledgeIndexingQueue(_database);

        var first = await queue.ClaimAsync("instance-a", Now, TimeSpan.FromMinutes(5), default);
        var during = await queue.ClaimAsync("instance-b", Now.AddMinutes(4), TimeSpan.FromMinutes(5), default);
        var after = await queue.ClaimAsync("instance-b", Now.AddMinutes(6), TimeSpan.FromMinutes(5), default);

        Assert.Equal(id, first?.Id);
        Assert.Null(during);
        Assert.Equal((id, 2), (after?.Id, after?.IndexingAttempts));
        Assert.False(await queue.CompleteAsync(id, "instance-a", "model", [], default));
        Assert.True(await queue.CompleteAsync(id, "instance-b", "model", [], default));
        Assert.Null(await queue.ClaimAsync("instance-c", Now.AddHours(1), TimeSpan.FromMinutes(5), default));
    }

    public void Dispose() => _database.Dispose();

    private Task<long> SavePendingAsync() => new EfKnowledgeStore(_database).SaveAsync(new KnowledgeDocumentRecord
    {
        TenantId = "tenant",
        OwnerUserId = "megan",
        SourceKind = "teams-file",
        SourceKey = "megan/a.txt",
        Name = "a.txt",
        ContentHash = "00",
        State = KnowledgeDocumentState.Pending,
    }, [new TextChunk(0, null, null, "The offsite is in Lisbon.")], null, default);
}
