using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Options;

namespace TeamsBot.Storage;

/// <summary>
/// Creates the context for the configured <c>Storage:Provider</c>; the rest of the app sees only BotDbContext.
/// Contexts come from EF Core's pool: a message takes about twenty, and a new one each time built its internal
/// services and its connection object anew, about a quarter of all the memory a message allocated.
/// </summary>
/// <remarks>
/// A context is reset as it goes back to the pool (change tracker, transaction, <c>AutoSavepointsEnabled</c>; its
/// connection is closed), so nothing of one use reaches the next. State the app keeps per connection object ends
/// when that connection closes (<see cref="SqliteWriteGate"/>).
/// </remarks>
internal sealed class BotDbContextFactory : IDbContextFactory<BotDbContext>
{
    /// <summary>
    /// Contexts kept for reuse: room for every request the door lets in at once (16 by default) and every turn at
    /// work (8), each holding a context or two, and the background jobs. One made beyond it is disposed after use
    /// instead of kept.
    /// </summary>
    internal const int PoolSize = 128;

    private readonly Func<BotDbContext> _create;

    public BotDbContextFactory(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var storage = options.Value;
        switch (storage.Provider)
        {
            case StorageProvider.Postgres:
                var postgres = new DbContextOptionsBuilder<PostgresBotDbContext>()
                    .UseNpgsql(PostgresConnectionSettings.Apply(storage.ConnectionString!)).Options;
                _create = new PooledDbContextFactory<PostgresBotDbContext>(postgres, PoolSize).CreateDbContext;
                break;
            default:
                var sqlite = SqliteOptions(SqliteConnectionString(storage, environment));
                _create = new PooledDbContextFactory<SqliteBotDbContext>(sqlite, PoolSize).CreateDbContext;
                break;
        }
    }

    public BotDbContext CreateDbContext() => _create();

    /// <summary>
    /// Every SQLite connection of the app is made with these: opened and closed in turn (<see cref="SqlitePoolGate"/>),
    /// its settings (secure delete, SQLite's own busy wait, a small page cache), and writes taking turns in one queue
    /// per set of options (one per factory: one per database in the app).
    /// </summary>
    internal static DbContextOptions<SqliteBotDbContext> SqliteOptions(string connectionString) =>
        new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(connectionString)
            .AddInterceptors(new SqlitePoolGate(), new SqliteConnectionSettings(), new SqliteWriteGate()).Options;

    internal static string SqliteConnectionString(StorageOptions storage, IHostEnvironment environment)
    {
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return storage.ConnectionString;
        }

        string folder = Path.Combine(environment.ContentRootPath, "App_Data");
        Directory.CreateDirectory(folder);
        return $"Data Source={Path.Combine(folder, "teamsbot.db")}";
    }
}
