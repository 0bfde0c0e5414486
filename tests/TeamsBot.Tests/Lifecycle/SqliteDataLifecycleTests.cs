using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Lifecycle;

public sealed class SqliteDataLifecycleTests : DataLifecycleTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    /// <summary>The main file, the WAL and the shared-memory file, read while SQLite may hold them.</summary>
    protected override Task<byte[]> ReadDatabaseFilesAsync()
    {
        using var all = new MemoryStream();
        foreach (var path in new[] { _file.Path, _file.Path + "-wal", _file.Path + "-journal", _file.Path + "-shm" })
        {
            if (File.Exists(path))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                file.CopyTo(all);
            }
        }

        return Task.FromResult(all.ToArray());
    }

    public void Dispose() => _file.Dispose();
}
