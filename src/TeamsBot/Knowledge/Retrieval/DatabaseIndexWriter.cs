namespace TeamsBot.Knowledge.Retrieval;

/// <summary>The database's own index: its tables are the index, so there is nothing to push.</summary>
internal sealed class DatabaseIndexWriter : IKnowledgeIndexWriter
{
    public static readonly DatabaseIndexWriter Instance = new();

    public bool KeepsCopies => false;

    public Task UpsertAsync(IReadOnlyList<IndexedPassage> passages, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    public Task DeleteAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
