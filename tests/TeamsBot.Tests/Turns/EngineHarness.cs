using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.Telemetry;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Turns;

/// <summary>
/// The real app in this process (Development, SQLite) with the model and Bot Connector doubles over HTTP: the turn
/// engine as it runs, without a child process.
/// </summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string BotAppId = "teamsbot-dev";

    private EngineHarness(ModelServerDouble model, ConnectorDouble connector, InProcessBotFactory bot)
    {
        Model = model;
        Connector = connector;
        Bot = bot;
    }

    public ModelServerDouble Model { get; }

    public ConnectorDouble Connector { get; }

    public InProcessBotFactory Bot { get; }

    public static async Task<EngineHarness> StartAsync(IReadOnlyDictionary<string, string>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var model = await ModelServerDouble.StartAsync(default);
        var connector = await ConnectorDouble.StartAsync(default);
        var all = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Model:Provider"] = "OpenAI",
            ["Model:Endpoint"] = model.OpenAIEndpoint.ToString(),
            ["Model:Deployment"] = "test-model",
            ["Model:MaxRetries"] = "0",
            ["Streaming:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var bot = new InProcessBotFactory(all, configureServices);
        // Starts the host (and its turn worker) now rather than at the first request.
        _ = bot.Services;
        return new EngineHarness(model, connector, bot);
    }

    public async Task PostAsync(JsonObject activity)
    {
        using var client = Bot.CreateClient();
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Waits for the accepted answer card that echoes <paramref name="text"/>; returns when it was accepted.</summary>
    public async Task<DateTimeOffset> WaitForAnswerAsync(string text, TimeSpan timeout)
    {
        string echo = ModelServerDouble.EchoAnswer(text);
        var request = await Connector.WaitForRequestAsync(
            r => r.Succeeded && r.AdaptiveCards.Count > 0 && r.Body.Contains(echo, StringComparison.Ordinal), timeout,
            default);
        return request.ReceivedAt;
    }

    public int AcceptedAnswersTo(string text) => Connector.AcceptedActivities.Count(r => r.AdaptiveCards.Count > 0
        && r.Body.Contains(ModelServerDouble.EchoAnswer(text), StringComparison.Ordinal));

    public int ModelCallsFor(string text) => Model.Requests.Count(r => r.Messages.Count > 0
        && r.Messages[^1].Content.Contains(text, StringComparison.Ordinal));

    public async Task<TurnRecord> UserTurnAsync(string text)
    {
        var contexts = Bot.Services.GetRequiredService<IDbContextFactory<BotDbContext>>();
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Turns.AsNoTracking().SingleAsync(t => t.Role == TurnRole.User && t.Text.Contains(text));
    }

    public async Task<TurnRecord> WaitForUserTurnAsync(string text, Func<TurnRecord, bool> done, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var turn = await UserTurnAsync(text);
            if (done(turn) || watch.Elapsed > timeout)
            {
                return turn;
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Connector.DisposeAsync();
        await Model.DisposeAsync();
    }
}
