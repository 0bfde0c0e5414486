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
    public async Task PersonalFile_DownloadHeld_AcknowledgedWithTheReadingCardWhileTheDownloadIsHeld()
    {
        var (url, download) = fixture.Downloads.ServeHeld("The offsite is in Lisbon."u8.ToArray(), "held.txt");
        var uploaded = TeamsActivities.PersonalFile("held.txt", url, _connector.ServiceUrl, Bot, PersonalChat);

        var posted = PostAsync(uploaded);
        await download.WaitUntilArrivedAsync(Wait);
        // The download has begun and is held: the request must finish without it.
        await posted.WaitAsync(Wait);
        var reading = await ReplyToAsync(uploaded);
        var files = Personal("files");
        await PostAsync(files);
        var listed = await ReplyToAsync(files);
        download.Release();
        var saved = await ReadyCardAsync(uploaded, "held.txt");

        Assert.Contains("Reading \\\"held.txt\\\"", reading.Body, StringComparison.Ordinal);
        Assert.Contains("held.txt — reading", listed.Body, StringComparison.Ordinal);
        Assert.Contains("Saved \\\"held.txt\\\"", saved.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PersonalFile_DownloadHeld_LinkInNoTableOrLogWhileReadingOrAfter()
    {
        var (url, download) = fixture.Downloads.ServeHeld("The offsite is in Lisbon."u8.ToArray(), "link.txt");
        var uploaded = TeamsActivities.PersonalFile("link.txt", url, _connector.ServiceUrl, Bot, PersonalChat);
        // The query carries the credential; the path names the file's place in the drive.
        string[] secrets = [url.Query.TrimStart('?'), url.AbsolutePath];

        var posted = PostAsync(uploaded);
        await download.WaitUntilArrivedAsync(Wait);
        await posted.WaitAsync(Wait);
        var whileReading = await StoredTextAsync();
        download.Release();
        await ReadyCardAsync(uploaded, "link.txt");
        var afterwards = await StoredTextAsync();

        Assert.Contains(whileReading, v => v.Contains("link.txt", StringComparison.Ordinal));
        foreach (string secret in secrets)
        {
            Assert.DoesNotContain(whileReading.Concat(afterwards), v => v.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, _bot.OutputText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PersonalFile_Damaged_ReadingCardThenTheRefusalSentLaterAndNothingKept()
    {
        var uploaded = TeamsActivities.PersonalFile("broken.pdf",
            fixture.Downloads.Serve("%PDF-1.4 garbage"u8.ToArray(), "broken.pdf"), _connector.ServiceUrl, Bot, PersonalChat);

        await PostAsync(uploaded);
        var refused = await ReadyCardAsync(uploaded, "broken.pdf");

        Assert.Equal(["Reading \\\"broken.pdf", "could not save \\\"broken.pdf"], CardsAnswering(uploaded, "broken.pdf"));
        Assert.Contains("It is damaged", refused.Body, StringComparison.Ordinal);
        Assert.Equal(0, await CountKnowledgeRowsAsync());
    }

    [Fact]
    public async Task PersonalFile_DownloadFails_ReadingCardThenTheRefusalSentLaterAndNothingKept()
    {
        var missing = new Uri(fixture.Downloads.BaseAddress, "/personal/megan/" + _run + "/gone.txt?tempauth=x");
        var uploaded = TeamsActivities.PersonalFile("gone.txt", missing, _connector.ServiceUrl, Bot, PersonalChat);

        await PostAsync(uploaded);
        var refused = await ReadyCardAsync(uploaded, "gone.txt");

        Assert.Equal(["Reading \\\"gone.txt", "could not save \\\"gone.txt"], CardsAnswering(uploaded, "gone.txt"));
        Assert.Contains("could not download and read it in time", refused.Body, StringComparison.Ordinal);
        Assert.Equal(0, await CountKnowledgeRowsAsync());
    }

    [Fact]
    public async Task PersonalFile_ForgottenWhileReading_DeletedAndNoLaterCard()
    {
        var (url, download) = fixture.Downloads.ServeHeld("The offsite is in Lisbon."u8.ToArray(), "forgotten.txt");
        var uploaded = TeamsActivities.PersonalFile("forgotten.txt", url, _connector.ServiceUrl, Bot, PersonalChat);
        await PostAsync(uploaded);
        await download.WaitUntilArrivedAsync(Wait);

        var forget = Personal("forget file 1");
        await PostAsync(forget);
        var deleted = await ReplyToAsync(forget);
        int linesBefore = _bot.Output.Count;
        download.Release();
        await WaitForNewOutputAsync(linesBefore, "was forgotten or given up on before it was read");

        Assert.Contains("Deleted \\\"forgotten.txt\\\"", deleted.Body, StringComparison.Ordinal);
        Assert.Equal(["Reading \\\"forgotten.txt"], CardsAnswering(uploaded, "forgotten.txt"));
        Assert.Equal(0, await CountKnowledgeRowsAsync());
    }

    [Fact]
    public async Task PersonalFile_DeliveredTwice_OneRowAndOneReadingCard()
    {
        var (url, download) = fixture.Downloads.ServeHeld("The offsite is in Lisbon."u8.ToArray(), "twice.txt");
        var uploaded = TeamsActivities.PersonalFile("twice.txt", url, _connector.ServiceUrl, Bot, PersonalChat);
        await PostAsync(uploaded);
        await download.WaitUntilArrivedAsync(Wait);

        // Teams re-delivers with the same activity id when it missed the acknowledgement.
        await PostAsync(uploaded);
        long whileReading = await CountKnowledgeRowsAsync();
        download.Release();
        await ReadyCardAsync(uploaded, "twice.txt");
        await PostAsync(uploaded);

        Assert.Equal(1, whileReading);
        Assert.Equal(["Reading \\\"twice.txt", "Saved \\\"twice.txt"], CardsAnswering(uploaded, "twice.txt"));
        Assert.Equal(2, await CountKnowledgeRowsAsync());
        Assert.Single(fixture.Downloads.Requests, r => r == url.AbsolutePath);
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

    private async Task WaitForNewOutputAsync(int after, string text)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (!_bot.Output.Skip(after).Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "The bot never logged: " + text);
            await Task.Delay(100);
        }
    }

    /// <summary>The cards sent so far in answer to the message, each as the first words naming the file.</summary>
    private List<string> CardsAnswering(JsonObject activity, string name)
    {
        string id = (string)activity["id"]!;
        string[] openings = ["Reading \\\"" + name, "Saved \\\"" + name, "could not save \\\"" + name];
        return _connector.AcceptedActivities
            .Where(a => a.AdaptiveCards.Count > 0 && (a.ActivityId == id || (string?)a.Activity?["replyToId"] == id))
            .Select(a => openings.FirstOrDefault(o => a.Body.Contains(o, StringComparison.Ordinal)) ?? a.Body)
            .ToList();
    }

    /// <summary>Every value of every table of the app's database file, as text.</summary>
    private async Task<List<string>> StoredTextAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _bot.DatabasePath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var names = await list.ExecuteReaderAsync();
            while (await names.ReadAsync())
            {
                tables.Add(names.GetString(0));
            }
        }

        var values = new List<string>();
        foreach (string table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                for (int i = 0; i < rows.FieldCount; i++)
                {
                    if (!await rows.IsDBNullAsync(i))
                    {
                        var value = rows.GetValue(i);
                        values.Add(value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : Convert.ToString(value,
                            System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                    }
                }
            }
        }

        return values;
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
