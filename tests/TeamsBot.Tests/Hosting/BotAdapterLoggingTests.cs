using System.Net;
using System.Text.RegularExpressions;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>
/// With the shipped appsettings.json, a turn's console log is ours: the Bot Framework SDK's per-activity chatter
/// ("ProcessActivityAsync", "SendActivitiesAsync for 1 activities." …, about two thirds of all lines before) logs
/// under its own category at Warning, and every line the app writes carries its own event id.
/// </summary>
public sealed partial class BotAdapterLoggingTests
{
    [Fact]
    public async Task Logs_AnsweredTurns_NoBotFrameworkChatterAndEveryAppLineHasAnEventId()
    {
        await using var model = await ModelServerDouble.StartAsync(default);
        await using var connector = await ConnectorDouble.StartAsync(default);
        var options = new BotProcessOptions();
        options.AnsweredBy(model);
        await using var bot = await BotProcess.StartAsync(options, default);

        for (int i = 0; i < 3; i++)
        {
            string conversation = "a:logs-" + Guid.NewGuid().ToString("N");
            var activity = TeamsActivities.PersonalMessage("hello " + i, connector.ServiceUrl, "28:teamsbot-dev", conversation);
            using var response = await bot.PostActivityAsync(activity, null, default);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await connector.WaitForActivityAsync(a => a.ConversationId == conversation && a.AdaptiveCards.Count > 0,
                TimeSpan.FromSeconds(30), default);
        }

        // The "ended" line follows the answer's delivery.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (bot.Output.Count(line => line.Contains(" ended: ", StringComparison.Ordinal)) < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var entries = bot.Output.Select(line => LogEntry().Match(line)).Where(m => m.Success)
            .Select(m => (Category: m.Groups["category"].Value, EventId: int.Parse(m.Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
        Assert.Contains(entries, e => e.Category == "TeamsBot.Bot.ChatBot");
        Assert.DoesNotContain(entries, e => e.Category.StartsWith("Microsoft.Bot.", StringComparison.Ordinal));
        var withoutId = entries.Where(e => e.Category.StartsWith("TeamsBot.", StringComparison.Ordinal) && e.EventId == 0).ToList();
        Assert.True(withoutId.Count == 0, "Log lines without an event id: " + string.Join(", ", withoutId.Select(e => e.Category)));
        Assert.DoesNotContain(bot.Output, line => line.Contains("ProcessActivityAsync", StringComparison.Ordinal));
    }

    /// <summary>The console formatter's first line of an entry: "info: Category[EventId]".</summary>
    [GeneratedRegex(@"^(?:stderr: )?(?:trce|dbug|info|warn|fail|crit): (?<category>\S+)\[(?<id>\d+)\]")]
    private static partial Regex LogEntry();
}
