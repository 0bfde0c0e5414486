using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TeamsBot.Cards;
using TeamsBot.Tests.Dlp;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app with a model that answers with a card number, an AWS key and an email address, streamed in pieces
/// that cut through them: none of them reaches Teams (any stream update, card or export), the database, or the
/// next prompt, and the audit record counts what was found in the answer.
/// </summary>
public sealed class AnswerDlpTests : IAsyncLifetime
{
    private const string BotId = "28:teamsbot-dev";
    private const string Card = "4012 8888 8888 1881";
    private const string Email = "ann.example@contoso.com";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string AwsKey = FakeSecrets.AwsAccessKeyId(7);

    private ModelServerDouble _model = null!;
    private ConnectorDouble _connector = null!;
    private BotProcess _bot = null!;

    public async Task InitializeAsync()
    {
        _model = await ModelServerDouble.StartAsync(default);
        _connector = await ConnectorDouble.StartAsync(default);
        var options = new BotProcessOptions();
        options.AnsweredBy(_model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        _bot = await BotProcess.StartAsync(options, default);
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task PersonalAnswer_SecretsStreamedInPieces_NeverShownStoredExportedOrSentBack()
    {
        string conversation = "a:answerdlp-" + Guid.NewGuid().ToString("N");
        _model.Enqueue(SecretAnswer());

        await PostAsync(TeamsActivities.PersonalMessage("Make up test data", _connector.ServiceUrl, BotId, conversation));
        var final = await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && StreamType(a) == "final", Timeout, default);
        await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, conversation, Timeout, default);
        await PostAsync(TeamsActivities.PersonalMessage("And again?", _connector.ServiceUrl, BotId, conversation));
        await _model.WaitForRequestsAsync(_ => true, 2, Timeout, default);
        await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, conversation, Timeout, default);
        // The export shown as cards (the fallback of the export file, same reader).
        var exportAsCards = TeamsActivities.PersonalMessage(string.Empty, _connector.ServiceUrl, BotId, conversation);
        exportAsCards["value"] = new JsonObject { [CardVerbs.Key] = CardVerbs.ExportAsCards };
        await PostAsync(exportAsCards);
        var export = await _connector.WaitForActivityAsync(
            a => a.ConversationId == conversation && a.Body.Contains("Make up test data", StringComparison.Ordinal)
                && a.Body.Contains("And again?", StringComparison.Ordinal), Timeout, default);

        await AssertNowhereAsync(conversation);
        // The stream really ran in pieces and the answer, redacted, is what was shown, kept and exported.
        var updates = _connector.Requests.Where(r => r.ConversationId == conversation && StreamType(r) == "streaming")
            .ToArray();
        Assert.True(updates.Length >= 2, $"Expected several stream updates, saw {updates.Length}.");
        Assert.Contains("[CARD_1]", final.Body, StringComparison.Ordinal);
        Assert.Contains("[AWS_KEY_1]", export.Body, StringComparison.Ordinal);
        Assert.Contains("[EMAIL_1]", _model.Requests[1].AllContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChannelAnswer_SecretsInTheAnswer_NeverPostedStoredOrSentBack()
    {
        _model.Enqueue(SecretAnswer());
        var first = TeamsActivities.ChannelMention("Make up test data", _connector.ServiceUrl, BotId);
        string thread = (string)first["conversation"]!["id"]!;
        string root = (string)first["id"]!;

        await PostAsync(first);
        var card = await _connector.WaitForActivityAsync(
            a => a.ConversationId == thread && a.AdaptiveCards.Count > 0, Timeout, default);
        await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, thread, Timeout, default);
        await PostAsync(TeamsActivities.ChannelMention("And again?", _connector.ServiceUrl, BotId, rootMessageId: root));
        await _model.WaitForRequestsAsync(_ => true, 2, Timeout, default);
        await StoredTurns.WaitForUserTurnOutcomeAsync(_bot.DatabasePath, thread, Timeout, default);

        await AssertNowhereAsync(thread);
        Assert.DoesNotContain(_connector.Requests, r => r.ConversationId == thread && StreamType(r) is not null);
        Assert.Contains("[CARD_1]", card.Body, StringComparison.Ordinal);
        Assert.Contains("[AWS_KEY_1]", _model.Requests[1].AllContent, StringComparison.Ordinal);
    }

    /// <summary>
    /// Pieces that end inside each value, so a stream update falls due while only part of it has arrived; each piece
    /// comes more than an update interval after the last.
    /// </summary>
    private static ModelResponse SecretAnswer() => ModelResponse.Streamed(TimeSpan.FromSeconds(1.6),
        "Here are some test values.\nCard: 4012 88",
        "88 8888 18",
        $"81, key {AwsKey[..9]}",
        $"{AwsKey[9..]} and mail ann.exa",
        "mple@cont",
        "oso.com for questions.\nThat is all.");

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>Every edge at once, so a failure lists every place a value got to.</summary>
    private async Task AssertNowhereAsync(string conversation)
    {
        string sent = string.Join('\n', _connector.Requests.Select(r => r.Body));
        string prompts = string.Join('\n', _model.Requests.Select(r => r.AllContent));
        string stored = await StoredTextAsync(conversation);
        Assert.Contains("Make up test data", stored, StringComparison.Ordinal);
        var leaks = new List<string>();
        foreach (string fragment in Fragments())
        {
            if (sent.Contains(fragment, StringComparison.Ordinal))
            {
                leaks.Add($"Teams was sent '{fragment}'");
            }

            if (stored.Contains(fragment, StringComparison.Ordinal))
            {
                leaks.Add($"the database keeps '{fragment}'");
            }

            if (prompts.Contains(fragment, StringComparison.Ordinal))
            {
                leaks.Add($"the model was sent '{fragment}'");
            }
        }

        string redactions = await AnswerAuditAsync(conversation);
        if (redactions != """{"answer.aws_access_key":1,"answer.credit_card":1,"answer.email":1}""")
        {
            leaks.Add($"the audit record counts {redactions}");
        }

        Assert.True(leaks.Count == 0, string.Join("; ", leaks.Distinct()));
    }

    /// <summary>
    /// Every six characters in a row of each value, and every ten of the card without its spaces: six bare digits
    /// also turn up by chance in the ids and GUIDs of the bodies sent to Teams, ten in a row of the card do not.
    /// </summary>
    private static List<string> Fragments()
    {
        var fragments = new List<string>();
        string bareCard = Card.Replace(" ", string.Empty, StringComparison.Ordinal);
        foreach (var (value, length) in (ReadOnlySpan<(string, int)>)[(Card, 6), (bareCard, 10), (AwsKey, 6)])
        {
            for (int i = 0; i + length <= value.Length; i++)
            {
                fragments.Add(value.Substring(i, length));
            }
        }

        // The domain alone is not the secret (it is also the tenant's); any part with the mailbox is.
        fragments.AddRange(["ann.ex", "example@", "le@contoso", Email]);
        return fragments;
    }

    /// <summary>Every column of every stored turn and conversation row of the conversation (its threads included).</summary>
    private async Task<string> StoredTextAsync(string conversation)
    {
        string key = conversation.Split(';')[0];
        await using var connection = Open();
        var text = new StringBuilder();
        foreach (string sql in (string[])[
            "SELECT * FROM turns WHERE ConversationId LIKE $key || '%'",
            "SELECT * FROM conversations WHERE Id LIKE $key || '%'"])
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i),
                        System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
                }
            }
        }

        return text.ToString();
    }

    /// <summary>The redaction counts of the audit record of the conversation's first message.</summary>
    /// <summary>
    /// The first audit record of the conversation, read as an auditor would: <c>audit export</c> on the bot's database
    /// (its conversation id is sealed in the table; the export opens it with the key file beside the database).
    /// </summary>
    private async Task<string> AnswerAuditAsync(string conversation)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        int exitCode = await TeamsBot.Audit.AuditCommand.RunAsync(["export"], output, error,
            new Dictionary<string, string?> { ["Storage:ConnectionString"] = $"Data Source={_bot.DatabasePath}" },
            CancellationToken.None);
        Assert.True(exitCode == 0, error.ToString());
        var record = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!)
            .FirstOrDefault(r => r["subject"] is JsonObject subject && (string?)subject["conversationId"] == conversation);
        return record?["redactions"]?.ToJsonString() ?? "(no redactions recorded)";
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _bot.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static string? StreamType(ConnectorRequest request) =>
        (string?)request.Activity?["entities"]?.AsArray().OfType<JsonObject>()
            .FirstOrDefault(e => (string?)e["type"] == "streaminfo")?["streamType"];
}
