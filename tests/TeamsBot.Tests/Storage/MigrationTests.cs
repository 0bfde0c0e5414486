using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TeamsBot.History;
using TeamsBot.Storage;

namespace TeamsBot.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-migration-").FullName;

    public void Dispose()
    {
        SqlitePoolGate.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task FeedbackAndWelcome_ExistingConversations_CountAsWelcomed()
    {
        var options = new DbContextOptionsBuilder<SqliteBotDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "teamsbot.db")}").Options;
        await using (var before = new SqliteBotDbContext(options))
        {
            await before.GetService<IMigrator>().MigrateAsync("AuditLogAppendOnly");
            await before.Database.ExecuteSqlRawAsync(
                "INSERT INTO conversations (Id, TenantId, Scope, ReferenceJson, ContextEpoch, CreatedAt, UpdatedAt) "
                + "VALUES ('a:old', 't', 'Personal', '{{}}', 0, '2026-01-01 00:00:00', '2026-01-01 00:00:00')");
        }

        await using var db = new SqliteBotDbContext(options);
        await db.Database.MigrateAsync();
        var store = new EfConversationStore(new SingleContexts(options), TimeProvider.System);

        Assert.False(await store.TryMarkWelcomedAsync("a:old", default));
        Assert.True(await store.TryMarkWelcomedAsync("a:new", default));
    }

    private sealed class SingleContexts(DbContextOptions<SqliteBotDbContext> options) : IDbContextFactory<BotDbContext>
    {
        public BotDbContext CreateDbContext() => new SqliteBotDbContext(options);
    }
}
