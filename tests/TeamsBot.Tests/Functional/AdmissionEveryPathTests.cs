using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// Every kind of activity the bot handles, sent by a blocked user and from a scope the policy turns off, through the
/// real app: each gets the refusal, nothing about the bot or anyone's data, and nothing is stored. (The group rule
/// goes through the same component; its paths are covered where the directory is a fake.)
/// </summary>
public sealed class AdmissionEveryPathTests : IAsyncLifetime
{
    private const string Bot = "teamsbot-dev";
    private const string Blocked = "0b5c4f7e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
    private const string MembersQuestion = "What did the board decide about project Falcon?";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string[] Commands = ["help", "usage", "export", "forget me", "new"];
    private static readonly string[] Buttons = ["newChat", "forgetMeConfirm", "forgetMeCancel"];
    private ConnectorDouble _connector = null!;
    private ModelServerDouble _model = null!;
    private BotProcess _bot = null!;

    public static TheoryData<string, string, string> RefusedCases => new()
    {
        { Blocked, "personal", "blocked" },
        { TeamsActivities.UserAadObjectId, "groupChat", "turned off in group chats" },
    };

    public async Task InitializeAsync()
    {
        _connector = await ConnectorDouble.StartAsync(default);
        _model = await ModelServerDouble.StartAsync(default);
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Policy__BlockedUsers__0"] = Blocked;
        options.Environment["Policy__Scopes__GroupChat"] = "false";
        _bot = await BotProcess.StartAsync(options, default);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _model.DisposeAsync();
        await _connector.DisposeAsync();
    }

    [Fact]
    public async Task Message_AdmittedUser_Answered()
    {
        var (conversation, _) = await MembersAnswerAsync();

        Assert.Contains(_connector.AcceptedActivities, r => r.ConversationId == conversation
            && r.Body.Contains("Echo: " + MembersQuestion, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RefusedCases))]
    public async Task EveryActivityKind_RefusedUserOrScope_OnlyTheRefusalNothingStored(string user, string scope,
        string refusal)
    {
        var (membersConversation, answerMessageId) = await MembersAnswerAsync();
        string conversation = scope == "personal"
            ? "a:refused-" + Guid.NewGuid().ToString("N")
            : "19:refused-" + Guid.NewGuid().ToString("N") + "@thread.v2";
        var messages = new List<JsonObject> { Message("Summarise my last answers", conversation, scope, user) };
        messages.AddRange(Commands.Select(command => Message(command, conversation, scope, user)));
        messages.AddRange(Buttons.Select(verb => Button(verb, conversation, scope, user)));

        foreach (var message in messages)
        {
            await PostAsync(message);
        }

        // Feedback on the member's answer, and the two install events.
        var feedback = TeamsActivities.FeedbackInvoke(_connector.ServiceUrl, Bot, membersConversation, answerMessageId,
            "dislike", "the answer was wrong", user);
        SetScope(feedback, scope);
        await PostAsync(feedback);
        await PostAsync(As(TeamsActivities.InstallationUpdate(_connector.ServiceUrl, Bot, conversation, scope), user));
        await PostAsync(As(TeamsActivities.ConversationUpdate(_connector.ServiceUrl, Bot, conversation, scope,
            "28:" + Bot), user));

        await _connector.WaitForRequestsAsync(r => r.IsActivityWrite && r.Succeeded
            && r.ConversationId == conversation && r.AdaptiveCards.Count > 0, messages.Count, Wait, default);
        await Task.Delay(TimeSpan.FromSeconds(1));
        var cards = _connector.AcceptedActivities.Where(r => r.ConversationId == conversation).ToList();
        Assert.Equal(messages.Count, cards.Count);
        Assert.All(cards, card =>
        {
            Assert.Contains(refusal, card.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("test-model", card.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Policy version", card.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Falcon", card.Body, StringComparison.Ordinal);
            Assert.DoesNotContain("Welcome", card.Body, StringComparison.Ordinal);
        });
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM turns WHERE ConversationId = $id", conversation));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM conversations WHERE Id = $id", conversation));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM welcomes WHERE ConversationId = $id", conversation));
        Assert.Equal(0, await CountAsync("SELECT COUNT(*) FROM feedback WHERE UserId = $id", user));
        // The member's conversation is untouched: no one else's "new" or "forget me" reached it.
        Assert.Equal(2, await CountAsync("SELECT COUNT(*) FROM turns WHERE ConversationId = $id", membersConversation));
        Assert.DoesNotContain(_model.Requests, r => r.LastUserMessage != MembersQuestion);
    }

    private async Task<(string Conversation, string AnswerMessageId)> MembersAnswerAsync()
    {
        string conversation = "a:member-" + Guid.NewGuid().ToString("N");
        await PostAsync(TeamsActivities.PersonalMessage(MembersQuestion, _connector.ServiceUrl, Bot, conversation));
        var answer = await _connector.WaitForActivityAsync(r => r.ConversationId == conversation
            && r.Body.Contains("Echo: ", StringComparison.Ordinal), Wait, default);
        await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, conversation, Wait, default);
        return (conversation, answer.ResponseId!);
    }

    private JsonObject Message(string text, string conversation, string scope, string user)
    {
        var activity = scope == "personal"
            ? TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, Bot, conversation)
            : TeamsActivities.GroupChatMention(text, _connector.ServiceUrl, Bot, conversation);
        return As(activity, user);
    }

    /// <summary>An Action.Submit button on one of the bot's cards, as Teams posts it: no text, the verb in the value.</summary>
    private JsonObject Button(string verb, string conversation, string scope, string user)
    {
        var activity = Message(string.Empty, conversation, scope, user);
        activity["text"] = null;
        activity["value"] = new JsonObject { ["verb"] = verb };
        return activity;
    }

    private static JsonObject As(JsonObject activity, string user)
    {
        activity["from"] = new JsonObject { ["id"] = "29:" + user, ["name"] = "Someone", ["aadObjectId"] = user };
        return activity;
    }

    private static void SetScope(JsonObject activity, string scope)
    {
        activity["conversation"]!["conversationType"] = scope;
    }

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"{activity["type"]} answered {(int)response.StatusCode}");
    }

    private async Task<long> CountAsync(string sql, string id)
    {
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = _bot.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
