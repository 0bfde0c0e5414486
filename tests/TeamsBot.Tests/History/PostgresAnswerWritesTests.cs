using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.History;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.History;

/// <summary>
/// What every answer costs in round trips to PostgreSQL, where each one is a network wait inside a worker slot: the
/// answer's two write transactions send no savepoints.
/// </summary>
public sealed class PostgresAnswerWritesTests(PostgresServerFixture server) : IClassFixture<PostgresServerFixture>
{
    [Fact]
    public async Task SaveAnswerAndMarkDelivered_OneAnswer_NoSavepointRoundTrips()
    {
        var sent = new SavepointCounter();
        var database = await server.CreateDatabaseAsync(sent);
        var store = new EfConversationStore(database, TimeProvider.System);
        var ledger = new TurnLedger(database, Options.Create(new TurnsOptions()), new ConversationSendPacer(TimeProvider.System), TimeProvider.System);
        long question = (await store.SaveIncomingAsync(TestTurns.Incoming("hello", "act-1"), default))!.Value;
        sent.Reset();

        Assert.True(await store.SaveAnswerAsync(question, "hello", 2, "hi there", 3, null, [], default));
        Assert.True(await ledger.MarkDeliveredAsync(question, "a:conv-1", ["answer-message-1"], default));

        Assert.Equal(0, sent.Savepoints);
        await using var db = await database.CreateDbContextAsync();
        var answered = await db.Turns.AsNoTracking().SingleAsync(t => t.Id == question);
        Assert.NotNull(answered.AnswerDeliveredAt);
        Assert.Equal(1, await db.Turns.CountAsync(t => t.ReplyToId == question && t.Role == TurnRole.Assistant));
        Assert.Equal(question, await db.AnswerMessages.Where(m => m.MessageId == "answer-message-1")
            .Select(m => m.TurnId).SingleAsync());
    }

    /// <summary>Counts the savepoints the contexts create (each one a round trip, and another to release it).</summary>
    private sealed class SavepointCounter : DbTransactionInterceptor
    {
        private int _savepoints;

        public int Savepoints => Volatile.Read(ref _savepoints);

        public void Reset() => Interlocked.Exchange(ref _savepoints, 0);

        public override InterceptionResult CreatingSavepoint(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result)
        {
            Interlocked.Increment(ref _savepoints);
            return result;
        }

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _savepoints);
            return ValueTask.FromResult(result);
        }
    }
}
