using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.History;

namespace TeamsBot.Tests.Export;

public sealed class PostgresEdiscoveryCommandTests(PostgresServerFixture server)
    : EdiscoveryCommandTests, IClassFixture<PostgresServerFixture>
{
    private string _connectionString = string.Empty;

    protected override async Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync()
    {
        var database = await server.CreateDatabaseAsync();
        await using var db = await database.CreateDbContextAsync();
        _connectionString = db.Database.GetConnectionString()!;
        return database;
    }

    protected override IReadOnlyDictionary<string, string?> StorageSettings() =>
        new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = _connectionString,
        };
}
