using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using TeamsBot.Cards;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// <c>export</c> in the personal chat through the real app: Teams' file consent card, the user's accept or decline as
/// Teams sends it, the upload into a OneDrive upload session, and the file's card, over real HTTP.
/// </summary>
public sealed class FileExportTests(FileExportBotFixture fixture) : IClassFixture<FileExportBotFixture>
{
    private const string Bot = FileExportBotFixture.BotAppId;
    private const string ConsentType = "application/vnd.microsoft.teams.card.file.consent";
    private const string FileInfoType = "application/vnd.microsoft.teams.card.file.info";
    private const string ColleagueAad = "9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly ConnectorDouble _connector = fixture.Connector;
    private readonly UploadSessionDouble _oneDrive = fixture.OneDrive;
    private readonly BotProcess _bot = fixture.Bot;
    private readonly string _chat = "a:1export-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Export_Allowed_ConsentCardThenTheFileUploadedAndItsCardSent()
    {
        string question = "Where is the parking garage " + Guid.NewGuid().ToString("N");
        await AskAsync(question);

        var consent = await ExportAsync();
        var card = consent["content"]!;
        Assert.Equal(ConsentType, (string?)consent["contentType"]);
        Assert.EndsWith(".zip", (string?)consent["name"], StringComparison.Ordinal);
        Assert.True((long)card["sizeInBytes"]! > 0);
        Assert.DoesNotContain(question, consent.ToJsonString(), StringComparison.Ordinal);
        var session = _oneDrive.NewSession();

        var status = await InvokeAsync(TeamsActivities.FileConsentInvoke(_connector.ServiceUrl, Bot, _chat, "accept",
            card["acceptContext"]!.DeepClone(), session));

        Assert.Equal(HttpStatusCode.OK, status);
        var file = _oneDrive.Completed(session);
        Assert.NotNull(file);
        var (jsonLines, markdown) = Unzip(file);
        var turns = jsonLines.Where(l => (string?)l["type"] == "turn").ToList();
        Assert.Equal([question, ModelServerDouble.EchoAnswer(question)], turns.Select(t => (string?)t["text"]));
        Assert.All(turns, t => Assert.Equal(TeamsActivities.UserAadObjectId, (string?)t["userId"]));
        Assert.Contains("> " + question, markdown, StringComparison.Ordinal);
        Assert.All(_oneDrive.Requests.Where(r => r.Path == session.AbsolutePath), r =>
        {
            Assert.False(r.HadAuthorization);
            Assert.Equal($"bytes 0-{file.Length - 1}/{file.Length}", r.ContentRange);
        });
        var info = Assert.Single(SentAttachments(FileInfoType));
        Assert.Equal("1150D938-8870-4044-9F2C-5BBDEBA70C9D", (string?)info["content"]!["uniqueId"]);
        Assert.Equal("zip", (string?)info["content"]!["fileType"]);
        Assert.EndsWith("/teamsbot-export.zip", (string?)info["contentUrl"], StringComparison.Ordinal);
        Assert.DoesNotContain(question, _bot.OutputText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_AnotherUserAcceptsTheContext_RefusedNothingUploaded()
    {
        await AskAsync("my own question " + Guid.NewGuid().ToString("N"));
        var consent = await ExportAsync();
        var session = _oneDrive.NewSession();
        var stolen = TeamsActivities.From(
            TeamsActivities.FileConsentInvoke(_connector.ServiceUrl, Bot, _chat, "accept",
                consent["content"]!["acceptContext"]!.DeepClone(), session),
            "29:1colleague", ColleagueAad, "Colleague");

        var status = await InvokeAsync(stolen);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(_oneDrive.Requests, r => r.Path == session.AbsolutePath);
        Assert.Empty(SentAttachments(FileInfoType));
        Assert.Contains(SentCards(), c => c.ToJsonString().Contains("no longer valid", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_ContextForged_RefusedNothingUploaded()
    {
        await AskAsync("forged " + Guid.NewGuid().ToString("N"));
        await ExportAsync();
        var session = _oneDrive.NewSession();

        await InvokeAsync(TeamsActivities.FileConsentInvoke(_connector.ServiceUrl, Bot, _chat, "accept",
            new JsonObject { ["export"] = "v1.AAAAAAAAAAAAAAAAAAAAAA.4102444800.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" },
            session));

        Assert.DoesNotContain(_oneDrive.Requests, r => r.Path == session.AbsolutePath);
        Assert.Empty(SentAttachments(FileInfoType));
    }

    [Fact]
    public async Task Export_Declined_NothingSentAndTheCardsOfferedInstead()
    {
        string question = "declined question " + Guid.NewGuid().ToString("N");
        await AskAsync(question);
        var consent = await ExportAsync();

        var status = await InvokeAsync(TeamsActivities.FileConsentInvoke(_connector.ServiceUrl, Bot, _chat, "decline",
            consent["content"]!["declineContext"]!.DeepClone(), null));

        Assert.Equal(HttpStatusCode.OK, status);
        var declined = (SentCards()).Last();
        Assert.Contains("Nothing was sent", declined.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(CardVerbs.ExportAsCards, (string?)declined["actions"]![0]!["data"]![CardVerbs.Key]);

        var fallback = TeamsActivities.PersonalMessage(string.Empty, _connector.ServiceUrl, Bot, _chat);
        fallback["value"] = new JsonObject { [CardVerbs.Key] = CardVerbs.ExportAsCards };
        using var response = await _bot.PostActivityAsync(fallback, null, default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(SentCards(), c => c.ToJsonString().Contains(question, StringComparison.Ordinal)
            && c.ToJsonString().Contains("Your conversations", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_UploadHostNotAllowed_RefusedNothingSent()
    {
        await AskAsync("host question " + Guid.NewGuid().ToString("N"));
        var consent = await ExportAsync();
        var session = _oneDrive.NewSession();
        // The same session, named by a host the admin did not list.
        var elsewhere = new UriBuilder(session) { Host = "localhost" }.Uri;

        var status = await InvokeAsync(TeamsActivities.FileConsentInvoke(_connector.ServiceUrl, Bot, _chat, "accept",
            consent["content"]!["acceptContext"]!.DeepClone(), elsewhere));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.DoesNotContain(_oneDrive.Requests, r => r.Path == session.AbsolutePath);
        Assert.Empty(SentAttachments(FileInfoType));
        Assert.Contains(SentCards(), c => c.ToJsonString().Contains("not allowed", StringComparison.Ordinal));
    }

    private async Task AskAsync(string text)
    {
        int before = (SentCards()).Count;
        using var response = await _bot.PostActivityAsync(
            TeamsActivities.PersonalMessage(text, _connector.ServiceUrl, Bot, _chat), null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await _connector.WaitForActivityAsync(
            r => r.ConversationId == _chat && r.Body.Contains(ModelServerDouble.EchoAnswer(text), StringComparison.Ordinal),
            Wait, default);
        Assert.True((SentCards()).Count > before);
    }

    /// <summary>Types export; returns the consent card's attachment.</summary>
    private async Task<JsonObject> ExportAsync()
    {
        using var response = await _bot.PostActivityAsync(
            TeamsActivities.PersonalMessage("export", _connector.ServiceUrl, Bot, _chat), null, default);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single(SentAttachments(ConsentType));
    }

    private async Task<HttpStatusCode> InvokeAsync(JsonObject invoke)
    {
        using var response = await _bot.PostActivityAsync(invoke, null, default);
        return response.StatusCode;
    }

    private List<JsonObject> SentAttachments(string contentType) =>
        _connector.AcceptedActivities.Where(r => r.ConversationId == _chat)
            .SelectMany(r => (r.Activity?["attachments"] as JsonArray ?? []).OfType<JsonObject>())
            .Where(a => (string?)a["contentType"] == contentType).ToList();

    private List<JsonObject> SentCards() =>
        _connector.AcceptedActivities.Where(r => r.ConversationId == _chat).SelectMany(r => r.AdaptiveCards).ToList();

    private static (List<JsonObject> JsonLines, string Markdown) Unzip(byte[] file)
    {
        using var zip = new ZipArchive(new MemoryStream(file), ZipArchiveMode.Read);
        Assert.Equal(["teamsbot-export.jsonl", "teamsbot-export.md"], zip.Entries.Select(e => e.FullName).Order());
        using var lines = new StreamReader(zip.GetEntry("teamsbot-export.jsonl")!.Open(), Encoding.UTF8);
        var jsonLines = lines.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        using var markdown = new StreamReader(zip.GetEntry("teamsbot-export.md")!.Open(), Encoding.UTF8);
        return (jsonLines, markdown.ReadToEnd());
    }
}
