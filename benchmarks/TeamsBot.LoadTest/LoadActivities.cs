using System.Globalization;
using System.Text.Json.Nodes;

namespace TeamsBot.LoadTest;

/// <summary>
/// 1:1 Teams messages shaped as Teams posts them to /api/messages (the functional tests' shape), one user per
/// conversation so per-user quotas and history behave as with real people.
/// </summary>
internal static class LoadActivities
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string BotAppId = "teamsbot-bench";
    private static long _nextActivityId = 1_712_000_000_000;

    public static string ConversationId(string run, int conversation) =>
        string.Create(CultureInfo.InvariantCulture, $"a:1bench{run}c{conversation}");

    public static JsonObject PersonalMessage(Uri serviceUrl, string conversationId, int user, string text)
    {
        var now = DateTimeOffset.UtcNow;
        string aadObjectId = string.Create(CultureInfo.InvariantCulture, $"6e0a8d4f-3b1c-4f7e-9a52-{user:D12}");
        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = Interlocked.Increment(ref _nextActivityId).ToString(CultureInfo.InvariantCulture),
            ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["localTimestamp"] = now.ToOffset(TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject
            {
                ["id"] = string.Create(CultureInfo.InvariantCulture, $"29:1bench-user-{user}"),
                ["name"] = string.Create(CultureInfo.InvariantCulture, $"Load User {user}"),
                ["aadObjectId"] = aadObjectId,
            },
            ["conversation"] = new JsonObject
            {
                ["conversationType"] = "personal",
                ["tenantId"] = TenantId,
                ["id"] = conversationId,
            },
            ["recipient"] = new JsonObject { ["id"] = "28:" + BotAppId, ["name"] = "TeamsBot" },
            ["textFormat"] = "plain",
            ["text"] = text,
            ["locale"] = "en-US",
            ["localTimezone"] = "Europe/Berlin",
            ["entities"] = new JsonArray(new JsonObject
            {
                ["type"] = "clientInfo",
                ["locale"] = "en-US",
                ["country"] = "US",
                ["platform"] = "Web",
                ["timezone"] = "Europe/Berlin",
            }),
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
    }
}
