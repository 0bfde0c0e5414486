using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Lifecycle;

public sealed class PostgresDataLifecycleTests(PostgresServerFixture server)
    : DataLifecycleTests, IClassFixture<PostgresServerFixture>
{
    private IDbContextFactory<BotDbContext> _database = null!;

    protected override async Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        _database = await server.CreateDatabaseAsync();

    /// <summary>
    /// The database's folder (tables, indexes, TOAST) after a checkpoint wrote every changed page out. The write-ahead
    /// log is not read: it is recycled, not scrubbed (see the admin guide).
    /// </summary>
    protected override async Task<byte[]> ReadDatabaseFilesAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CHECKPOINT");
        uint oid = (await db.Database
            .SqlQueryRaw<long>("SELECT oid::bigint AS \"Value\" FROM pg_database WHERE datname = current_database()")
            .ToListAsync()).Select(o => (uint)o).Single();
        using var all = new MemoryStream();
        foreach (string path in Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "base", oid.ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            file.CopyTo(all);
        }

        return all.ToArray();
    }
}
