using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Cards;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>"forget me" and its confirmation through the real app, read back from the app's database file.</summary>
[Collection(DevelopmentBotGroup.Name)]
public sealed class ForgetMeTests(DevelopmentBotFixture fixture)
{
    private const string Bot = DevelopmentBotFixture.BotAppId;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ConnectorDouble _connector = fixture.Connector;
    private readonly BotProcess _bot = fixture.Bot;

    // Unique to this run: the app's database is shared with the other tests of the collection.
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private string AadObjectId => $"f0e7f0e7-{_run[..4]}-4abc-9def-{_run}00";

    private string TeamsUserId => "29:1ForgetMeTeamsId" + _run;

    private string DisplayName => "Zebulon Quartermaine " + _run;

    private string Secret => "wombat-saxophone-" + _run;

    private string PersonalChat => "a:1forget-me-" + _run;

    private string GroupChat => $"19:forget-me-{_run}@thread.v2";

    [Fact]
    public async Task ForgetMe_Confirmed_NoTableHoldsTheirNameIdsOrText()
    {
        await PostAsync(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, PersonalChat));
        await AskAsync(TeamsActivities.PersonalMessage($"{DisplayName} asks about {Secret}", _connector.ServiceUrl, Bot,
            PersonalChat), PersonalChat);
        string answer = _connector.AcceptedActivities
            .Last(a => a.ConversationId == PersonalChat && a.AdaptiveCards.Count > 0).ResponseId!;
        await PostAsync(TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, PersonalChat, answer, "dislike",
            $"{Secret} was wrong", AadObjectId));
        Assert.Single(await StoredFeedback.ReadAsync(_bot.DatabasePath, PersonalChat, default));
        await RefusedAsync(TeamsActivities.PersonalMessage($"{Secret} {new string('x', 16_001)}", _connector.ServiceUrl,
            Bot, PersonalChat));
        await AskAsync(TeamsActivities.GroupChatMention($"{Secret} in the group", _connector.ServiceUrl, Bot, GroupChat),
            GroupChat);
        var channel = TeamsActivities.ChannelMention($"{Secret} in the channel", _connector.ServiceUrl, Bot);
        await AskAsync(channel, (string)channel["conversation"]!["id"]!);
        Assert.Equal(["answer_messages", "audit_subjects", "conversations", "feedback", "turns", "usage_counters", "welcomes"],
            (await HeldAsync()).Select(v => v.Table).Distinct().Order());

        await PostAsync(TeamsActivities.PersonalMessage("forget me", _connector.ServiceUrl, Bot, PersonalChat));
        var confirm = TeamsActivities.PersonalMessage(string.Empty, _connector.ServiceUrl, Bot, PersonalChat);
        confirm["value"] = new JsonObject { [CardVerbs.Key] = CardVerbs.ForgetMeConfirm };
        await PostAsync(confirm);

        await _connector.WaitForActivityAsync(a => a.ConversationId == PersonalChat
            && a.Body.Contains("stored messages were deleted", StringComparison.Ordinal), Wait, default);
        Assert.Empty(await HeldAsync());
    }

    /// <summary>Every value in the app's tables naming the user; the audit log holds their ids only sealed.</summary>
    private async Task<List<StoredValue>> HeldAsync()
    {
        var options = new DbContextOptionsBuilder<SqliteBotDbContext>()
            .UseSqlite(new SqliteConnectionStringBuilder
            {
                DataSource = _bot.DatabasePath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString())
            .Options;
        await using var db = new SqliteBotDbContext(options);
        var held = new List<StoredValue>();
        foreach (string table in DatabaseTables.InModel(db))
        {
            foreach (var value in await DatabaseTables.ReadAllAsync(db, table, default))
            {
                string[] needles = [DisplayName, TeamsUserId, Secret, AadObjectId, PersonalChat];
                if (needles.Any(n => value.Text.Contains(n, StringComparison.Ordinal)))
                {
                    held.Add(value);
                }
            }
        }

        return held;
    }

    private async Task AskAsync(JsonObject message, string conversation)
    {
        await PostAsync(message);
        Assert.Equal("Answered", await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, conversation, Wait, default));
    }

    /// <summary>Sends a message the bot refuses and waits for the refusal card, wherever the refusal happens.</summary>
    private async Task RefusedAsync(JsonObject message)
    {
        await PostAsync(message);
        string id = (string)message["id"]!;
        await _connector.WaitForActivityAsync(a => a.AdaptiveCards.Count > 0
            && (a.ActivityId == id || (string?)a.Activity?["replyToId"] == id), Wait, default);
    }

    private async Task PostAsync(JsonObject activity)
    {
        activity["from"] = new JsonObject { ["id"] = TeamsUserId, ["name"] = DisplayName, ["aadObjectId"] = AadObjectId };
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"{activity["type"]} was answered {(int)response.StatusCode}");
    }
}
