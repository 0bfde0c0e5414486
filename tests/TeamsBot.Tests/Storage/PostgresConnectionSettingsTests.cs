using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using TeamsBot.Storage;
using TeamsBot.Tests.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// A message's statements are prepared once per PostgreSQL connection and stay prepared while the connection goes
/// back to the pool and out again; what the admin's connection string says about either wins.
/// </summary>
public sealed class PostgresConnectionSettingsTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task PooledContexts_SameQueryInEachRental_PreparedOnceAndKept()
    {
        // One pooled connection, so every rental gets the same session.
        var factory = await FactoryAsync("Pooling=true;Maximum Pool Size=1");
        for (int rental = 0; rental < 8; rental++)
        {
            await using var db = await factory.CreateDbContextAsync();
            await db.Turns.CountAsync(t => t.ConversationId == "conversation-" + rental);
        }

        await using var check = await factory.CreateDbContextAsync();
        var prepared = await check.Database
            .SqlQueryRaw<string>("SELECT statement AS \"Value\" FROM pg_prepared_statements").ToListAsync();
        Assert.Contains(prepared, statement => statement.Contains("FROM turns", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Host=db;Database=teamsbot", PostgresConnectionSettings.MaxAutoPrepare, true)]
    [InlineData("Host=db;Database=teamsbot;Max Auto Prepare=0", 0, true)]
    [InlineData("Host=db;Database=teamsbot;MaxAutoPrepare=0;No Reset On Close=false", 0, false)]
    [InlineData("Host=db;Database=teamsbot;NoResetOnClose=false", PostgresConnectionSettings.MaxAutoPrepare, false)]
    public void Apply_AdminSaysNothingOrSomething_DefaultsOnlyWhereNothingIsSaid(string connectionString,
        int maxAutoPrepare, bool noResetOnClose)
    {
        var applied = new NpgsqlConnectionStringBuilder(PostgresConnectionSettings.Apply(connectionString));

        Assert.Equal(maxAutoPrepare, applied.MaxAutoPrepare);
        Assert.Equal(noResetOnClose, applied.NoResetOnClose);
        Assert.Equal("db", applied.Host);
        Assert.Equal("teamsbot", applied.Database);
    }

    private async Task<IDbContextFactory<BotDbContext>> FactoryAsync(string pooling)
    {
        string connectionString = (await server.CreateEmptyDatabaseAsync())
            .Replace("Pooling=false", pooling, StringComparison.Ordinal);
        var storage = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = connectionString };
        IDbContextFactory<BotDbContext> factory = new BotDbContextFactory(Options.Create(storage), new TestHostEnvironment());
        await using var db = await factory.CreateDbContextAsync();
        await db.Database.MigrateAsync();
        return factory;
    }
}
