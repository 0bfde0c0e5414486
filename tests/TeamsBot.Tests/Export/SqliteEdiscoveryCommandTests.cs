using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Export;

public sealed class SqliteEdiscoveryCommandTests : EdiscoveryCommandTests
{
    private readonly TempSqliteDatabase _file = new();

    protected override Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() =>
        Task.FromResult<IDbContextFactory<BotDbContext>>(_file);

    protected override IReadOnlyDictionary<string, string?> StorageSettings() =>
        new Dictionary<string, string?> { ["Storage:ConnectionString"] = _file.ConnectionString };

    protected override void Dispose(bool disposing)
    {
        _file.Dispose();
        base.Dispose(disposing);
    }
}
