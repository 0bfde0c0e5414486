using Microsoft.Extensions.Options;
using TeamsBot.History;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

/// <summary>
/// A conversation of 200 long turns: building the next prompt reads what fits the budget, not the whole history again
/// (before, every turn read up to 200 stored turns, 2 MB here, to keep the newest three).
/// </summary>
public sealed class LongConversationPromptTests : IDisposable
{
    private const int Turns = 200;
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InvokeAsync_TwoHundredTurnsOfTenKilobytes_ReadsOnlyAFewTurnsAndKeepsTheNewest()
    {
        var options = new ModelOptions { SystemPrompt = "Be brief.", MaxPromptTokens = 8000 };
        var counter = new TiktokenTokenCounter(Options.Create(options));
        var store = new ReadCountingStore(_database.CreateStore());
        string filler = string.Join(' ', Enumerable.Repeat("history", 1250));
        long last = 0;
        for (int i = 0; i < Turns / 2; i++)
        {
            string question = $"question {i}: {filler}";
            last = (await store.SaveIncomingAsync(TestTurns.Incoming(question, $"a{i}"), default))!.Value;
            await store.SaveAnswerAsync(last, question, counter.Count(question), $"answer {i}: {filler}",
                counter.Count($"answer {i}: {filler}"), null, [], default);
        }

        long current = (await store.SaveIncomingAsync(TestTurns.Incoming("latest question", "now"), default))!.Value;
        var turn = TestTurns.Create("latest question", turnId: current);
        var stage = new HistoryLoadStage(store, counter, new FixedOptionsMonitor<ModelOptions>(options));

        await stage.InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.StartsWith("answer 99:", turn.Prompt[^2].Text, StringComparison.Ordinal);
        Assert.True(turn.Prompt.Count > 2, "no history in the prompt");
        Assert.True(store.TurnsRead <= 2 * HistoryLoadStage.FirstTurnsRead, $"{store.TurnsRead} stored turns read");
    }

    /// <summary>The real store, counting the stored turns read for prompts.</summary>
    private sealed class ReadCountingStore(IConversationStore inner) : IConversationStore
    {
        private int _turnsRead;

        public int TurnsRead => _turnsRead;

        public async Task<IReadOnlyList<ContextTurn>> GetContextAsync(string conversationId, int contextEpoch,
            long beforeTurnId, int maxTurns, CancellationToken cancellationToken)
        {
            var turns = await inner.GetContextAsync(conversationId, contextEpoch, beforeTurnId, maxTurns, cancellationToken);
            Interlocked.Add(ref _turnsRead, turns.Count);
            return turns;
        }

        public Task<long?> SaveIncomingAsync(IncomingMessage message, CancellationToken cancellationToken) =>
            inner.SaveIncomingAsync(message, cancellationToken);

        public Task<PendingTurn?> GetPendingAsync(long turnId, CancellationToken cancellationToken) =>
            inner.GetPendingAsync(turnId, cancellationToken);

        public Task<bool> SaveAnswerAsync(long userTurnId, string questionText, int questionTokens, string answer,
            int answerTokens, string? note, IReadOnlyList<AnswerCitation> citations, CancellationToken cancellationToken) =>
            inner.SaveAnswerAsync(userTurnId, questionText, questionTokens, answer, answerTokens, note, citations, cancellationToken);

        public Task StartNewContextAsync(string conversationId, CancellationToken cancellationToken) =>
            inner.StartNewContextAsync(conversationId, cancellationToken);

        public Task<string?> GetRedactionMapAsync(string conversationId, CancellationToken cancellationToken) =>
            inner.GetRedactionMapAsync(conversationId, cancellationToken);

        public Task SaveRedactionMapAsync(string conversationId, string redactionMap, CancellationToken cancellationToken) =>
            inner.SaveRedactionMapAsync(conversationId, redactionMap, cancellationToken);

        public Task RecordAnswerMessageAsync(string conversationId, string messageId, long turnId,
            CancellationToken cancellationToken) =>
            inner.RecordAnswerMessageAsync(conversationId, messageId, turnId, cancellationToken);

        public Task<long?> SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken) =>
            inner.SaveFeedbackAsync(feedback, cancellationToken);

        public Task<bool> TryMarkWelcomedAsync(string conversationId, CancellationToken cancellationToken) =>
            inner.TryMarkWelcomedAsync(conversationId, cancellationToken);

        public Task UnmarkWelcomedAsync(string conversationId, CancellationToken cancellationToken) =>
            inner.UnmarkWelcomedAsync(conversationId, cancellationToken);

        public Task<int> ForgetUserAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
            inner.ForgetUserAsync(tenantId, userId, cancellationToken);

        public Task<IReadOnlyList<TurnRecord>> ExportUserAsync(string tenantId, string userId, int maxTurns,
            CancellationToken cancellationToken) =>
            inner.ExportUserAsync(tenantId, userId, maxTurns, cancellationToken);
    }
}
