using System.Net;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app while the model refuses requests for a day (429, Retry-After: 86400): nothing is sent but one probe,
/// each waiting user is told once, commands keep working, and every waiting message is answered when the model is
/// back, or gets a card saying it was not when the wait is over. Written against what users and the model see.
/// </summary>
public sealed class ModelOutageTests : IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private const string WaitingCard = "your answer will follow";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task Outage_TwentyMessagesWhileTheModelRefusesForADay_OneCallEachToldOnceAllAnsweredWhenItIsBack()
    {
        _model.DefaultResponse = ModelResponse.TooManyRequests(TimeSpan.FromDays(1));
        // The probe is due Model:MaxProbeDelay after the refusal (a day-long Retry-After is not waited out).
        await using var bot = await BotProcess.StartAsync(Options(maxProbeDelay: "00:00:20"), default);
        string first = Conversation("first");

        await SendAsync(bot, first, "first question");
        await WaitForCardAsync(first, WaitingCard);
        var waiting = Enumerable.Range(1, 20).Select(i => Conversation("waiting-" + i)).ToList();
        foreach (string conversation in waiting)
        {
            await SendAsync(bot, conversation, "question in " + conversation);
        }

        await SendAsync(bot, first, "help");
        await WaitForCardAsync(first, "Messages per day");
        foreach (string conversation in waiting)
        {
            await WaitForCardAsync(conversation, WaitingCard);
        }

        int callsWhileOpen = _model.Requests.Count;
        _model.DefaultResponse = ModelResponse.Echo();
        foreach (string conversation in waiting.Prepend(first))
        {
            await WaitForCardAsync(conversation, "Echo: ");
        }

        Assert.Equal(1, callsWhileOpen);
        Assert.Single(_model.Requests, r => r.ResponseStatus == 429);
        Assert.Equal(22, _model.Requests.Count);
        foreach (string conversation in waiting.Prepend(first))
        {
            var cards = Cards(conversation);
            Assert.Single(cards, c => c.Contains(WaitingCard, StringComparison.Ordinal));
            Assert.Single(cards, c => c.Contains("Echo: ", StringComparison.Ordinal));
        }

        Assert.Contains(bot.Output, line => line.Contains("Model circuit breaker opened", StringComparison.Ordinal));
        Assert.Contains(bot.Output, line => line.Contains("Model circuit breaker closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Outage_ModelStillRefusingWhenTheWaitIsOver_ToldOnceThenACardSayingItIsNotAnswered()
    {
        _model.DefaultResponse = ModelResponse.TooManyRequests(TimeSpan.FromDays(1));
        var options = Options(maxProbeDelay: "00:05:00");
        // Long enough for the first call to fail and the user to be told, even on a busy machine.
        options.Environment["Model__OutageWait"] = "00:00:20";
        await using var bot = await BotProcess.StartAsync(options, default);
        string conversation = Conversation("gave-up");

        await SendAsync(bot, conversation, "will this be answered?");
        await WaitForCardAsync(conversation, WaitingCard);
        await WaitForCardAsync(conversation, "did not come back in time");
        string outcome = await StoredTurns.WaitForUserTurnOutcomeAsync(bot.DatabasePath, conversation, Wait, default);

        Assert.Equal("Failed", outcome);
        Assert.Single(_model.Requests);
        Assert.Equal(2, Cards(conversation).Count);
    }

    private BotProcessOptions Options(string maxProbeDelay)
    {
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Model__MaxRetries"] = "0";
        options.Environment["Model__MaxRetryDelay"] = "00:00:01";
        options.Environment["Model__BreakerBackoff"] = "00:00:05";
        options.Environment["Model__MaxProbeDelay"] = maxProbeDelay;
        return options;
    }

    private static string Conversation(string name) => $"a:outage-{name}-{Guid.NewGuid():N}";

    private async Task SendAsync(BotProcess bot, string conversation, string text)
    {
        using var response = await bot.PostActivityAsync(
            TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, BotId, conversation), null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<ConnectorRequest> WaitForCardAsync(string conversation, string text) =>
        _connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0
            && a.Body.Contains(text, StringComparison.Ordinal), Wait, default);

    private List<string> Cards(string conversation) =>
        [.. _connector.AcceptedActivities.Where(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0)
            .Select(a => a.Body)];
}
