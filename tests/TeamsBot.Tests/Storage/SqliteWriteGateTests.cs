using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// The app's SQLite writes take turns in the process: in the order they came, a receipt (which Teams' acknowledgement
/// waits on) before the rest, and a turn always passed on, however its write ended.
/// </summary>
public sealed class SqliteWriteGateTests : IDisposable
{
    private const string Conversation = "a:gate";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TempSqliteDatabase _database = new();

    public SqliteWriteGateTests()
    {
        using var db = _database.CreateDbContext();
        db.Conversations.Add(new ConversationRecord
        {
            Id = Conversation,
            TenantId = "t",
            Scope = ConversationScope.Personal,
            ReferenceJson = string.Empty,
        });
        db.SaveChanges();
    }

    public void Dispose() => _database.Dispose();

    [Theory]
    [InlineData("INSERT INTO \"Turns\" (\"Text\") VALUES (@p0) RETURNING \"Id\";", true)]
    [InlineData("  \n update \"Conversations\" SET \"LeaseOwner\" = NULL", true)]
    [InlineData("DELETE FROM \"Turns\" WHERE \"Id\" = @p0", true)]
    [InlineData("REPLACE INTO \"Settings\" VALUES (1)", true)]
    [InlineData("SELECT COUNT(*) FROM \"Turns\"", false)]
    [InlineData("PRAGMA journal_mode", false)]
    [InlineData("", false)]
    public void IsWrite_StatementByItsFirstKeyword_Classified(string sql, bool writes) =>
        Assert.Equal(writes, SqliteWriteGate.IsWrite(sql));

    [Fact]
    public async Task Writes_WaitingForATransaction_GoInTheOrderTheyCameWithTheReceiptFirst()
    {
        // Compiled before the clock matters: each write below reaches the lock as soon as it is called.
        await AppendAsync(_database, string.Empty);
        await using var holder = _database.CreateDbContext();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await AppendAsync(holder, "holder;");

        var writes = new List<Task>();
        foreach (string name in new[] { "1", "2", "3" })
        {
            writes.Add(AppendAsync(_database, name + ";"));
            await Task.Delay(50);
        }

        writes.Add(ReceiptAsync());
        await Task.Delay(50);
        writes.Add(AppendAsync(_database, "4;"));
        await Task.Delay(50);
        await transaction.CommitAsync();
        await Task.WhenAll(writes).WaitAsync(Deadline);

        // Before: each write waited in SQLite's busy handler, asleep on its caller's thread (here the test's, so the
        // holder never committed and the writes failed "database is locked"); under load the sleeps grow the longer a
        // write has waited, and whichever woke first after a commit went next.
        Assert.Equal("holder;receipt;1;2;3;4;", await StoredOrderAsync());
    }

    [Fact]
    public async Task Receipt_ItsPooledContextUsedAgain_TheNextUseWaitsItsTurn()
    {
        var options = BotDbContextFactory.SqliteOptions(_database.ConnectionString);
        var pool = new PooledDbContextFactory<SqliteBotDbContext>(options, poolSize: 1);
        DbConnection receiptConnection;
        await using (var receipt = pool.CreateDbContext())
        {
            await SqliteWriteWaits.SyncCommitsAsync(receipt, default);
            await AppendAsync(receipt, "receipt;");
            receiptConnection = receipt.Database.GetDbConnection();
        }

        var others = new DelegatingContexts(options);
        await using var holder = others.CreateDbContext();
        await using var transaction = await holder.Database.BeginTransactionAsync();
        await AppendAsync(holder, "holder;");
        var first = AppendAsync(others, "1;");
        await Task.Delay(50);
        await using var reused = pool.CreateDbContext();
        Assert.Same(receiptConnection, reused.Database.GetDbConnection());
        var second = AppendAsync(reused, "2;");
        await Task.Delay(50);
        await transaction.CommitAsync();
        await Task.WhenAll(first, second).WaitAsync(Deadline);

        // Before: the receipt's mark stayed on the connection object, and whoever got its context next went first.
        Assert.Equal("receipt;holder;1;2;", await StoredOrderAsync());
    }

    [Fact]
    public async Task Transaction_DisposedWithoutCommit_TheNextWriteGoesAtOnce()
    {
        var contexts = WaitingForever();
        await using (var abandoned = contexts.CreateDbContext())
        {
            await using var transaction = await abandoned.Database.BeginTransactionAsync();
            await AppendAsync(abandoned, "rolled back;");
        }

        await AppendAsync(contexts, "next;").WaitAsync(Deadline);

        Assert.Equal("next;", await StoredOrderAsync());
    }

    [Fact]
    public async Task Insert_Fails_TheNextWriteGoesAtOnce()
    {
        var contexts = WaitingForever();
        await using (var db = contexts.CreateDbContext())
        {
            db.Conversations.Add(new ConversationRecord
            {
                Id = Conversation,
                TenantId = "t",
                Scope = ConversationScope.Personal,
                ReferenceJson = string.Empty,
            });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await AppendAsync(contexts, "next;").WaitAsync(Deadline);

        Assert.Equal("next;", await StoredOrderAsync());
    }

    [Fact]
    public async Task Insert_WithReturnedKey_TurnPassedOnWhenItsResultIsRead()
    {
        var contexts = WaitingForever();
        await using (var db = contexts.CreateDbContext())
        {
            // One statement, INSERT … RETURNING, outside a transaction: a reader holds the write until disposed.
            db.Turns.Add(new TurnRecord
            {
                ConversationId = Conversation,
                Role = TurnRole.User,
                Status = TurnStatus.Refused,
                Text = "[redacted]",
                TenantId = "t",
                UserId = "u",
            });
            await db.SaveChangesAsync();
        }

        await AppendAsync(contexts, "next;").WaitAsync(Deadline);

        Assert.Equal("next;", await StoredOrderAsync());
    }

    /// <summary>The app's options, with a write waiting for its turn for ever: a turn never passed on hangs the test.</summary>
    private DelegatingContexts WaitingForever() => new(new DbContextOptionsBuilder<SqliteBotDbContext>()
        .UseSqlite(_database.ConnectionString)
        .AddInterceptors(new SqliteConnectionSettings(), new SqliteWriteGate(Timeout.InfiniteTimeSpan)).Options);

    private async Task ReceiptAsync()
    {
        await using var db = _database.CreateDbContext();
        await SqliteWriteWaits.SyncCommitsAsync(db, default);
        await AppendAsync(db, "receipt;");
    }

    private static async Task AppendAsync(IDbContextFactory<BotDbContext> contexts, string name)
    {
        await using var db = await contexts.CreateDbContextAsync();
        await AppendAsync(db, name);
    }

    /// <summary>One UPDATE outside a transaction (or inside <paramref name="db"/>'s): the row keeps the order.</summary>
    private static Task AppendAsync(BotDbContext db, string name) =>
        db.Conversations.Where(c => c.Id == Conversation)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ReferenceJson, c => c.ReferenceJson + name));

    private async Task<string> StoredOrderAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.Conversations.Where(c => c.Id == Conversation).Select(c => c.ReferenceJson).SingleAsync();
    }

    private sealed class DelegatingContexts(DbContextOptions<SqliteBotDbContext> options)
        : IDbContextFactory<BotDbContext>
    {
        public BotDbContext CreateDbContext() => new SqliteBotDbContext(options);
    }
}
