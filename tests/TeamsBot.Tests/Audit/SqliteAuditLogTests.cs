using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

public sealed class SqliteAuditLogTests : AuditLogTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    public void Dispose() => _file.Dispose();
}
