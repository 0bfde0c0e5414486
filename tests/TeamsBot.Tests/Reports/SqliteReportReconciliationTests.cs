using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

public sealed class SqliteReportReconciliationTests : ReportReconciliationTests, IDisposable
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<(IDbContextFactory<BotDbContext> Database, string Provider, string ConnectionString)>
        CreateDatabaseAsync() =>
        Task.FromResult<(IDbContextFactory<BotDbContext>, string, string)>((_file, "Sqlite", _file.ConnectionString));

    public void Dispose() => _file.Dispose();
}
