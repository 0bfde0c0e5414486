using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace TeamsBot.Storage;

/// <summary>Creates the context for the configured <c>Storage:Provider</c>; the rest of the app sees only BotDbContext.</summary>
internal sealed class BotDbContextFactory : IDbContextFactory<BotDbContext>
{
    private readonly Func<BotDbContext> _create;

    public BotDbContextFactory(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var storage = options.Value;
        switch (storage.Provider)
        {
            case StorageProvider.Postgres:
                var postgres = new DbContextOptionsBuilder<PostgresBotDbContext>()
                    .UseNpgsql(storage.ConnectionString).Options;
                _create = () => new PostgresBotDbContext(postgres);
                break;
            default:
                var sqlite = SqliteOptions(SqliteConnectionString(storage, environment));
                _create = () => new SqliteBotDbContext(sqlite);
                break;
        }
    }

    public BotDbContext CreateDbContext() => _create();

    /// <summary>
    /// Every SQLite connection of the app is made with these: its settings (secure delete, SQLite's own busy wait, a
    /// small page cache), and writes taking turns in one queue per set of options (one per factory: one per database
    /// in the app).
    /// </summary>
    internal static DbContextOptions<SqliteBotDbContext> SqliteOptions(string connectionString) =>
        new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(connectionString)
            .AddInterceptors(new SqliteConnectionSettings(), new SqliteWriteGate()).Options;

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
