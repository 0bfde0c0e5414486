using Microsoft.EntityFrameworkCore;
using TeamsBot.History;
using TeamsBot.Storage;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A real SQLite file in a temp folder, migrated and connected like the app does it (secure delete, busy wait); deleted on
/// dispose.
/// </summary>
public sealed class TempSqliteDatabase : IDbContextFactory<BotDbContext>, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-test-").FullName;
    private readonly DbContextOptions<SqliteBotDbContext> _options;

    public TempSqliteDatabase()
    {
        Path = System.IO.Path.Combine(_folder, "teamsbot.db");
        ConnectionString = $"Data Source={Path}";
        _options = BotDbContextFactory.SqliteOptions(ConnectionString);
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public string Path { get; }

    public string ConnectionString { get; }

    public BotDbContext CreateDbContext() => new SqliteBotDbContext(_options);

    public IConversationStore CreateStore(TimeProvider? clock = null) => new EfConversationStore(this, clock ?? TimeProvider.System);

    public void Dispose()
    {
        SqlitePoolGate.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
