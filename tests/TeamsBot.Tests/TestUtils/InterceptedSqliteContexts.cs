using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsBot.Storage;

namespace TeamsBot.Tests.TestUtils;

/// <summary>The app's SQLite contexts (its settings and write gate), with a test's interceptors added to them.</summary>
public sealed class InterceptedSqliteContexts(string connectionString, params IInterceptor[] interceptors)
    : IDbContextFactory<BotDbContext>
{
    private readonly DbContextOptions<SqliteBotDbContext> _options =
        new DbContextOptionsBuilder<SqliteBotDbContext>(BotDbContextFactory.SqliteOptions(connectionString))
            .AddInterceptors(interceptors).Options;

    public BotDbContext CreateDbContext() => new SqliteBotDbContext(_options);
}
