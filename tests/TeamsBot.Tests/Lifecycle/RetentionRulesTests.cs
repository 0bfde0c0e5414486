using TeamsBot.Lifecycle;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Lifecycle;

/// <summary>Whoever adds a table decides how long its rows live: a table without a retention rule fails here.</summary>
public sealed class RetentionRulesTests
{
    [Fact]
    public async Task ByTable_EveryTableOfTheModelAndTheMigratedDatabase_HasARule()
    {
        using var file = new TempSqliteDatabase();
        await using var db = file.CreateDbContext();

        var tables = DatabaseTables.InModel(db).Union(await DatabaseTables.InDatabaseAsync(db, default));

        Assert.Empty(tables.Where(t => !RetentionRules.ByTable.ContainsKey(t)).Order());
        Assert.Empty(RetentionRules.ByTable.Keys.Where(t => !tables.Contains(t)).Order());
    }

    [Fact]
    public void Purged_EveryTable_HasARule() =>
        Assert.All(RetentionRules.Purged, table => Assert.Contains(table, RetentionRules.ByTable.Keys));
}
