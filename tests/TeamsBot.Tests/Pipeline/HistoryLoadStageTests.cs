using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class HistoryLoadStageTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InvokeAsync_LongHistory_SendsOnlyTheNewestTurnsThatFitTheBudget()
    {
        var store = _database.CreateStore();
        var options = new ModelOptions { SystemPrompt = "Be brief.", MaxPromptTokens = 300 };
        var counter = new TiktokenTokenCounter(Options.Create(options));
        long last = 0;
        for (int i = 0; i < 30; i++)
        {
            string question = $"question {i}: " + string.Join(' ', Enumerable.Repeat("word", 10));
            last = (await store.SaveIncomingAsync(TestTurns.Incoming(question, $"a{i}"), default))!.Value;
            await store.SaveAnswerAsync(last, question, counter.Count(question), $"answer {i}", counter.Count($"answer {i}"), default);
        }

        long current = (await store.SaveIncomingAsync(TestTurns.Incoming("latest question", "now"), default))!.Value;
        var turn = TestTurns.Create("latest question", turnId: current);
        var stage = new HistoryLoadStage(store, counter, new FixedOptionsMonitor<ModelOptions>(options));

        await stage.InvokeAsync(turn, TestTurns.Recording([]), default);

        Assert.Equal(ChatRole.System, turn.Prompt[0].Role);
        Assert.Equal("latest question", turn.Prompt[^1].Text);
        Assert.Equal("answer 29", turn.Prompt[^2].Text);
        Assert.InRange(turn.Prompt.Count, 4, 40);
        Assert.DoesNotContain(turn.Prompt, m => m.Text.StartsWith("question 0:", StringComparison.Ordinal));
        int total = turn.Prompt.Sum(m => counter.Count(m.Text));
        Assert.True(total <= options.MaxPromptTokens, $"prompt uses {total} tokens");
    }

    [Fact]
    public async Task InvokeAsync_MessageAloneOverBudget_RefusesWithCardAndNoPrompt()
    {
        var options = new ModelOptions { SystemPrompt = "Be brief.", MaxPromptTokens = 256 };
        var reply = new RecordingReplyChannel();
        var turn = TestTurns.Create(string.Join(' ', Enumerable.Repeat("token", 400)), reply);
        var stage = new HistoryLoadStage(_database.CreateStore(), new TiktokenTokenCounter(Options.Create(options)),
            new FixedOptionsMonitor<ModelOptions>(options));
        var calls = new List<string>();

        await stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Empty(calls);
        Assert.Empty(turn.Prompt);
        Assert.Equal("input.over_token_budget", turn.Reason);
        Assert.Contains("does not fit", TeamsBot.Cards.CardJson.Serialize(reply.SingleCard), StringComparison.Ordinal);
    }
}
