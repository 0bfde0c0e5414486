using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using TeamsBot.Cards;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Functional;

/// <summary>Files sent in the personal chat, through the real app: kept, listed, forgotten, refused with cards.</summary>
[Collection(DevelopmentBotGroup.Name)]
public sealed class FileReceiptTests(DevelopmentBotFixture fixture, ITestOutputHelper output)
{
    private const string Bot = DevelopmentBotFixture.BotAppId;
    private const string AwsKey = "AKIAIOSFODNN7EXAMPLE";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan IndexingWait = TimeSpan.FromMinutes(3);
    private readonly ConnectorDouble _connector = fixture.Connector;
    private readonly BotProcess _bot = fixture.Bot;
    private readonly string _run = Guid.NewGuid().ToString("N")[..10];

    private string UserId => $"a11ce000-{_run[..4]}-4abc-9def-{_run}00";

    private string PersonalChat => "a:1files-" + _run;

    [Fact]
    public async Task PersonalFile_Sent_SavedListedAndForgotten()
    {
        var uploaded = Upload("handbook.md", $"# Parking\nBadges at the front desk. Wifi key {AwsKey}.\n");

        await PostAsync(uploaded);
        var saved = await ReadyCardAsync(uploaded, "handbook.md");
        Assert.Contains("Saved \\\"handbook.md\\\"", saved.Body, StringComparison.Ordinal);
        Assert.Contains("1 secret or personal values were removed", saved.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Ask me anything", saved.Body, StringComparison.Ordinal);

        var files = Personal("files");
        await PostAsync(files);
        var listed = await ReplyToAsync(files);
        Assert.True(listed.Body.Contains("handbook.md", StringComparison.Ordinal), listed.Body);

        var forget = Personal("forget file 1");
        await PostAsync(forget);
        Assert.Contains("Deleted \\\"handbook.md\\\"", (await ReplyToAsync(forget)).Body, StringComparison.Ordinal);
        Assert.Equal(0, await CountKnowledgeRowsAsync());
    }

    [Fact]
    public async Task PersonalPdf_FiftyPages_ReadingCardAtOnceThenReadyCardWithItsCounts()
    {
        var pages = Enumerable.Range(1, 50).Select(page => Enumerable.Range(1, 30).Select(line =>
            $"Page {page} line {line}: the depot in region {page} ships order batch {(page * 100) + line} on weekday {line % 5}.")
            .ToArray()).ToArray();
        var uploaded = TeamsActivities.PersonalFile("depots.pdf",
            fixture.Downloads.Serve(TestDocuments.Pdf(pages), "depots.pdf"), _connector.ServiceUrl, Bot, PersonalChat);
        var started = System.Diagnostics.Stopwatch.StartNew();

        await PostAsync(uploaded);
        var acknowledged = started.Elapsed;
        // The first card answering it: "Reading" (the ready card is sent only after it), or a refusal that fails the test.
        var reading = await ReplyToAsync(uploaded);
        ConnectorRequest ready;
        try
        {
            ready = await ReadyCardAsync(uploaded, "depots.pdf");
        }
        catch (TimeoutException)
        {
            output.WriteLine(string.Join('\n', _bot.Output.TakeLast(60)));
            throw;
        }

        output.WriteLine($"50-page PDF: acknowledged in {acknowledged.TotalMilliseconds:F0} ms, ready card after "
            + $"{started.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Contains("Reading \\\"depots.pdf\\\"", reading.Body, StringComparison.Ordinal);
        Assert.Contains("Saved \\\"depots.pdf\\\"", ready.Body, StringComparison.Ordinal);
        Assert.Matches("\"Pages\",\\s*\"value\":\\s*\"50\"", ready.Body);
    }

    [Fact]
    public async Task PersonalFile_NotAReadableType_RefusedWithACard()
    {
        var uploaded = Upload("setup.exe", "MZ");

        await PostAsync(uploaded);

        var refused = await ReplyToAsync(uploaded);
        Assert.Contains("I could not save \\\"setup.exe\\\"", refused.Body, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.Downloads.Requests, r => r.EndsWith("setup.exe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ForgetMe_AfterAFile_NothingOfTheFileLeft()
    {
        var uploaded = Upload("notes.txt", "The offsite is in Lisbon.");
        await PostAsync(uploaded);
        await ReadyCardAsync(uploaded, "notes.txt");
        Assert.Equal(2, await CountKnowledgeRowsAsync());

        await PostAsync(Personal("forget me"));
        var confirm = Personal(string.Empty);
        confirm["value"] = new JsonObject { [CardVerbs.Key] = CardVerbs.ForgetMeConfirm };
        await PostAsync(confirm);
        await _connector.WaitForActivityAsync(a => a.ConversationId == PersonalChat
            && a.Body.Contains("stored messages were deleted", StringComparison.Ordinal), Wait, default);

        Assert.Equal(0, await CountKnowledgeRowsAsync());
    }

    private JsonObject Upload(string name, string text) => TeamsActivities.PersonalFile(name,
        fixture.Downloads.Serve(Encoding.UTF8.GetBytes(text), name), _connector.ServiceUrl, Bot, PersonalChat);

    private JsonObject Personal(string text) =>
        TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, Bot, PersonalChat);

    private Task<ConnectorRequest> ReplyToAsync(JsonObject activity)
    {
        string id = (string)activity["id"]!;
        return _connector.WaitForActivityAsync(a => a.AdaptiveCards.Count > 0
            && (a.ActivityId == id || (string?)a.Activity?["replyToId"] == id), Wait, default);
    }

    /// <summary>The card that follows "reading": the file is ready, or was refused.</summary>
    /// <remarks>
    /// Long wait: one worker per instance embeds one file at a time, with the local model, on a shared machine.
    /// </remarks>
    private Task<ConnectorRequest> ReadyCardAsync(JsonObject activity, string name)
    {
        string id = (string)activity["id"]!;
        return _connector.WaitForActivityAsync(a => a.AdaptiveCards.Count > 0
            && (a.ActivityId == id || (string?)a.Activity?["replyToId"] == id)
            && (a.Body.Contains("Saved \\\"" + name, StringComparison.Ordinal)
                || a.Body.Contains("could not save \\\"" + name, StringComparison.Ordinal)), IndexingWait, default);
    }

    /// <summary>This user's documents plus their passages, read from the app's database file.</summary>
    private async Task<long> CountKnowledgeRowsAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _bot.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM knowledge_documents WHERE OwnerUserId = $user)
                 + (SELECT COUNT(*) FROM knowledge_chunks c JOIN knowledge_documents d ON d.Id = c.DocumentId
                    WHERE d.OwnerUserId = $user)
            """;
        command.Parameters.AddWithValue("$user", UserId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task PostAsync(JsonObject activity)
    {
        activity["from"] = new JsonObject { ["id"] = "29:1files" + _run, ["name"] = "Ada Files", ["aadObjectId"] = UserId };
        using var response = await _bot.PostActivityAsync(activity, null, default);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Accepted,
            $"{activity["type"]} was answered {(int)response.StatusCode}");
    }
}
