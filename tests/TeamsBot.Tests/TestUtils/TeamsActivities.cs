using System.Globalization;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Inbound Teams activities shaped like the ones Teams posts to /api/messages (ids are deliberately not GUIDs where
/// Teams' are not).
/// </summary>
public static class TeamsActivities
{
    public const string TenantId = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public const string UserAadObjectId = "6e0a8d4f-3b1c-4f7e-9a52-1d2c3b4a5f60";
    public const string UserId = "29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFGkJnVelzRGos0bPbpsfJjcbAD22bmKc4GMbrY2g4JDrrA8vM06X1-cHHle4zOE6U4ttcc";
    public const string UserName = "Megan Bowen";
    public const string BotName = "TeamsBot";

    private static long _nextActivityId = 1_712_000_000_000;

    /// <summary>A new Teams-style numeric activity id.</summary>
    public static string NewActivityId() =>
        Interlocked.Increment(ref _nextActivityId).ToString(CultureInfo.InvariantCulture);

    /// <summary>A 1:1 (personal) chat message from <see cref="UserName"/> to the bot.</summary>
    public static JsonObject PersonalMessage(
        string text,
        Uri serviceUrl,
        string botAppId,
        string? conversationId = null,
        string? activityId = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        return Message(
            text,
            serviceUrl,
            botAppId,
            activityId ?? NewActivityId(),
            new JsonObject
            {
                ["conversationType"] = "personal",
                ["tenantId"] = TenantId,
                ["id"] = conversationId ?? "a:1" + Guid.NewGuid().ToString("N"),
            },
            new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            []);
    }

    /// <summary>
    /// A file sent in a 1:1 chat, as Teams delivers it: no text, one <c>file.download.info</c> attachment with a
    /// short-lived download link.
    /// </summary>
    public static JsonObject PersonalFile(string name, Uri downloadUrl, Uri serviceUrl, string botAppId,
        string conversationId)
    {
        ArgumentNullException.ThrowIfNull(downloadUrl);
        var message = PersonalMessage(string.Empty, serviceUrl, botAppId, conversationId);
        message.Remove("text");
        message["attachments"] = new JsonArray(new JsonObject
        {
            ["contentType"] = "application/vnd.microsoft.teams.file.download.info",
            ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/megan_contoso_com/Documents/Microsoft Teams Chat Files/" + name,
            ["name"] = name,
            ["content"] = new JsonObject
            {
                ["downloadUrl"] = downloadUrl.ToString(),
                ["uniqueId"] = Guid.NewGuid().ToString().ToUpperInvariant(),
                ["fileType"] = Path.GetExtension(name).TrimStart('.'),
            },
        });
        return message;
    }

    /// <summary>
    /// A channel message that @mentions the bot, posted in a thread: the conversation id carries
    /// <c>;messageid=&lt;root id&gt;</c>, as Teams sends it.
    /// </summary>
    public static JsonObject ChannelMention(
        string text,
        Uri serviceUrl,
        string botAppId,
        string? rootMessageId = null,
        string? activityId = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        const string channelId = "19:3f0a7a1b2c4d4e5f8a9b0c1d2e3f4a5b@thread.tacv2";
        const string teamId = "19:9b2c7d4e5f6a4b3c8d1e0f9a8b7c6d5e@thread.tacv2";
        var id = activityId ?? NewActivityId();
        var mentionText = $"<at>{BotName}</at>";
        return Message(
            mentionText + " " + text,
            serviceUrl,
            botAppId,
            id,
            new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "channel",
                ["tenantId"] = TenantId,
                ["id"] = $"{channelId};messageid={rootMessageId ?? id}",
            },
            new JsonObject
            {
                ["teamsChannelId"] = channelId,
                ["teamsTeamId"] = teamId,
                ["channel"] = new JsonObject { ["id"] = channelId },
                ["team"] = new JsonObject { ["id"] = teamId },
                ["tenant"] = new JsonObject { ["id"] = TenantId },
            },
            [
                new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = mentionText,
                    ["mentioned"] = new JsonObject { ["id"] = "28:" + botAppId, ["name"] = BotName },
                },
            ]);
    }

    /// <summary>A group chat message that @mentions the bot (group chats have no threads: one conversation id).</summary>
    public static JsonObject GroupChatMention(
        string text,
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string? activityId = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var mentionText = $"<at>{BotName}</at>";
        return Message(
            mentionText + " " + text,
            serviceUrl,
            botAppId,
            activityId ?? NewActivityId(),
            new JsonObject
            {
                ["isGroup"] = true,
                ["conversationType"] = "groupChat",
                ["tenantId"] = TenantId,
                ["id"] = conversationId,
            },
            new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
            [
                new JsonObject
                {
                    ["type"] = "mention",
                    ["text"] = mentionText,
                    ["mentioned"] = new JsonObject { ["id"] = "28:" + botAppId, ["name"] = BotName },
                },
            ]);
    }

    /// <summary>The same activity sent by another person (Teams id, Entra object id, display name).</summary>
    public static JsonObject From(JsonObject activity, string userId, string aadObjectId, string name)
    {
        ArgumentNullException.ThrowIfNull(activity);
        activity["from"] = new JsonObject { ["id"] = userId, ["name"] = name, ["aadObjectId"] = aadObjectId };
        return activity;
    }

    /// <summary>
    /// Teams' <c>installationUpdate</c> (<paramref name="action"/> <c>add</c>) when the app is added to a personal chat
    /// (<paramref name="conversationType"/> <c>personal</c>), a group chat (<c>groupChat</c>) or a team (<c>channel</c>,
    /// the General channel's id).
    /// </summary>
    public static JsonObject InstallationUpdate(
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string conversationType = "personal",
        string tenantId = TenantId,
        string action = "add")
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var activity = Event("installationUpdate", serviceUrl, botAppId, conversationId, conversationType, tenantId);
        activity["action"] = action;
        return activity;
    }

    /// <summary>Teams' <c>conversationUpdate</c> adding the given members (the bot is <c>28:</c> + app id).</summary>
    public static JsonObject ConversationUpdate(
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string conversationType,
        params string[] membersAdded)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        ArgumentNullException.ThrowIfNull(membersAdded);
        var activity = Event("conversationUpdate", serviceUrl, botAppId, conversationId, conversationType, TenantId);
        activity["membersAdded"] = new JsonArray(membersAdded
            .Select(id => (JsonNode)(id == UserId
                ? new JsonObject { ["id"] = id, ["aadObjectId"] = UserAadObjectId }
                : new JsonObject { ["id"] = id }))
            .ToArray());
        if (conversationType == "channel")
        {
            activity["channelData"]!["eventType"] = "teamMemberAdded";
        }

        return activity;
    }

    /// <summary>
    /// The invoke Teams sends when a user clicks like or dislike on a bot message: <c>message/submitAction</c> with
    /// <c>replyToId</c> = the rated message and the comment as a JSON string <c>{"feedbackText":"…"}</c>.
    /// </summary>
    public static JsonObject FeedbackInvoke(
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string ratedMessageId,
        string reaction,
        string? comment,
        string? userAadObjectId = null)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var activity = Event("invoke", serviceUrl, botAppId, conversationId, "personal", TenantId);
        activity["name"] = "message/submitAction";
        activity["replyToId"] = ratedMessageId;
        if (userAadObjectId is not null)
        {
            activity["from"]!["aadObjectId"] = userAadObjectId;
        }

        var value = new JsonObject { ["reaction"] = reaction };
        if (comment is not null)
        {
            value["feedback"] = new JsonObject { ["feedbackText"] = comment }.ToJsonString();
        }

        activity["value"] = new JsonObject { ["actionName"] = "feedback", ["actionValue"] = value };
        return activity;
    }

    /// <summary>
    /// Teams' <c>fileConsent/invoke</c> when the user clicks Allow (<c>accept</c>, with the upload session Teams made in
    /// their OneDrive) or Decline on a file consent card; <paramref name="context"/> is the card's context as sent.
    /// </summary>
    public static JsonObject FileConsentInvoke(Uri serviceUrl, string botAppId, string conversationId, string action,
        JsonNode? context, Uri? uploadUrl, string fileName = "teamsbot-export.zip")
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var activity = Event("invoke", serviceUrl, botAppId, conversationId, "personal", TenantId);
        activity["name"] = "fileConsent/invoke";
        var value = new JsonObject { ["type"] = "fileUpload", ["action"] = action, ["context"] = context };
        if (uploadUrl is not null)
        {
            value["uploadInfo"] = new JsonObject
            {
                ["contentUrl"] = "https://contoso-my.sharepoint.com/personal/megan/Documents/Applications/TeamsBot/" + fileName,
                ["fileType"] = "zip",
                ["name"] = fileName,
                ["uploadUrl"] = uploadUrl.ToString(),
                ["uniqueId"] = "1150D938-8870-4044-9F2C-5BBDEBA70C9D",
            };
        }

        activity["value"] = value;
        return activity;
    }

    /// <summary>
    /// The same invoke as the Microsoft 365 Agents Playground sends it: the comment as plain text, no
    /// <c>replyToId</c>, no channelData (the tenant only in <c>conversation.tenantId</c>).
    /// </summary>
    public static JsonObject PlaygroundFeedbackInvoke(
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string reaction,
        string comment)
    {
        var activity = FeedbackInvoke(serviceUrl, botAppId, conversationId, "unused", reaction, null);
        activity.Remove("replyToId");
        activity.Remove("channelData");
        activity["value"]!["actionValue"]!["feedback"] = comment;
        return activity;
    }

    /// <summary>The TeamsChannelAccount the connector double returns for <see cref="UserId"/>.</summary>
    public static JsonObject UserMember() => new()
    {
        ["id"] = UserId,
        ["name"] = UserName,
        ["aadObjectId"] = UserAadObjectId,
        ["givenName"] = "Megan",
        ["surname"] = "Bowen",
        ["email"] = "MeganB@contoso.example",
        ["userPrincipalName"] = "MeganB@contoso.example",
        ["tenantId"] = TenantId,
        ["userRole"] = "user",
    };

    private static JsonObject Event(
        string type,
        Uri serviceUrl,
        string botAppId,
        string conversationId,
        string conversationType,
        string tenantId)
    {
        var conversation = new JsonObject
        {
            ["conversationType"] = conversationType,
            ["tenantId"] = tenantId,
            ["id"] = conversationId,
        };
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } };
        if (conversationType != "personal")
        {
            conversation["isGroup"] = true;
        }

        if (conversationType == "channel")
        {
            // A team install lands in the General channel, whose id is the team's id.
            channelData["team"] = new JsonObject { ["id"] = conversationId, ["name"] = "My Team" };
        }

        return new JsonObject
        {
            ["type"] = type,
            ["id"] = "f:" + NewActivityId(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = UserId, ["aadObjectId"] = UserAadObjectId },
            ["conversation"] = conversation,
            ["recipient"] = new JsonObject { ["id"] = "28:" + botAppId, ["name"] = BotName },
            ["locale"] = "en-US",
            ["channelData"] = channelData,
        };
    }

    private static JsonObject Message(
        string text,
        Uri serviceUrl,
        string botAppId,
        string activityId,
        JsonObject conversation,
        JsonObject channelData,
        JsonArray extraEntities)
    {
        var now = DateTimeOffset.UtcNow;
        var entities = new JsonArray(new JsonObject
        {
            ["type"] = "clientInfo",
            ["locale"] = "en-US",
            ["country"] = "US",
            ["platform"] = "Web",
            ["timezone"] = "Europe/Berlin",
        });
        foreach (var entity in extraEntities.ToArray())
        {
            extraEntities.Remove(entity);
            entities.Add(entity);
        }

        return new JsonObject
        {
            ["type"] = "message",
            ["id"] = activityId,
            ["timestamp"] = now.ToString("O", CultureInfo.InvariantCulture),
            ["localTimestamp"] = now.ToOffset(TimeSpan.FromHours(1)).ToString("O", CultureInfo.InvariantCulture),
            ["serviceUrl"] = serviceUrl.ToString(),
            ["channelId"] = "msteams",
            ["from"] = new JsonObject
            {
                ["id"] = UserId,
                ["name"] = UserName,
                ["aadObjectId"] = UserAadObjectId,
            },
            ["conversation"] = conversation,
            ["recipient"] = new JsonObject { ["id"] = "28:" + botAppId, ["name"] = BotName },
            ["textFormat"] = "plain",
            ["text"] = text,
            ["locale"] = "en-US",
            ["localTimezone"] = "Europe/Berlin",
            ["entities"] = entities,
            ["channelData"] = channelData,
        };
    }
}
