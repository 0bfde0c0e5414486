using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Newtonsoft.Json;
using TeamsBot.Audit;
using TeamsBot.Export;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;

namespace TeamsBot.Tests.Export;

/// <summary>
/// <c>TeamsBot ediscovery …</c> against each storage provider: a user's and a conversation's export hold what they
/// should and nothing of anyone else, and each file is tied to the audit log by its hash.
/// </summary>
public abstract class EdiscoveryCommandTests : IAsyncLifetime, IDisposable
{
    protected const string Tenant = "tenant-1";
    private const string Alice = "5c0ffee5-9f1e-4b7a-a3d2-0f0e7f0e7a11";
    private const string Bob = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string AliceChat = "a:1alice-own-chat";
    private const string BobChat = "a:1bob-own-chat";
    private const string GroupChat = "19:shared-group@thread.v2";
    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-ediscovery-").FullName;
    private IDbContextFactory<BotDbContext> _database = null!;
    private EfConversationStore _store = null!;
    private long _nextActivity = 1_700_000_001_000;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new EfConversationStore(_database, TimeProvider.System);
        await PlantAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing) => Directory.Delete(_folder, recursive: true);

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    /// <summary>Storage settings that point the verb at the database <see cref="CreateDatabaseAsync"/> made.</summary>
    protected abstract IReadOnlyDictionary<string, string?> StorageSettings();

    [Fact]
    public async Task Export_User_TheirMessagesFeedbackFilesAndHoldsOnlyAndTheFileVerifiesAgainstTheLog()
    {
        string path = Path.Combine(_folder, "alice.zip");

        var (exit, output, error) = await RunAsync("export", "--tenant", Tenant, "--user", Alice, "--out", path);

        Assert.True(exit == AuditCommand.ExitOk, error);
        Assert.Contains("4 messages, 1 feedback, 1 files, 1 holds", output, StringComparison.Ordinal);
        var (lines, markdown) = Unzip(path);
        Assert.Equal(["alice alone", "answer to alice alone", "alice in the group", "answer to alice in the group"],
            lines.Where(l => (string?)l["type"] == "turn").Select(l => (string?)l["text"]));
        Assert.Equal("alice-notes.txt", (string?)lines.Single(l => (string?)l["type"] == "file")["name"]);
        Assert.Equal("Matter 2026-17", (string?)lines.Single(l => (string?)l["type"] == "hold")["reason"]);
        Assert.Equal("like", (string?)lines.Single(l => (string?)l["type"] == "feedback")["reaction"]);
        string everything = string.Join('\n', lines.Select(l => l.ToJsonString())) + markdown;
        Assert.DoesNotContain("bob", everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Bob, everything, StringComparison.Ordinal);
        Assert.Contains("> alice alone", markdown, StringComparison.Ordinal);

        var (verified, verifyOutput, _) = await RunAsync("verify", "--file", path);
        var (chain, chainOutput, _) = await RunAsync(AuditCommand.RunAsync, "verify");

        Assert.Equal(AuditCommand.ExitOk, verified);
        Assert.Contains("File matches audit record 2 of ", verifyOutput, StringComparison.Ordinal);
        Assert.Contains("Audit chain OK: 2 records", verifyOutput, StringComparison.Ordinal);
        Assert.Equal(AuditCommand.ExitOk, chain);
        Assert.Contains("2 records", chainOutput, StringComparison.Ordinal);
        await using var db = await _database.CreateDbContextAsync();
        var record = await db.Set<AuditRecord>().SingleAsync(r => r.Decision == AuditDecision.Exported);
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(path))),
            record.Rule, StringComparison.Ordinal);
        Assert.DoesNotContain(Alice, record.UserId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Conversation_EveryoneInItAndItsFeedbackButNothingFromElsewhere()
    {
        string path = Path.Combine(_folder, "group.zip");

        var (exit, _, error) = await RunAsync("export", "--tenant", Tenant, "--conversation", GroupChat, "--out", path);

        Assert.True(exit == AuditCommand.ExitOk, error);
        var (lines, _) = Unzip(path);
        Assert.Equal(["alice in the group", "answer to alice in the group", "bob in the group", "answer to bob in the group"],
            lines.Where(l => (string?)l["type"] == "turn").Select(l => (string?)l["text"]));
        Assert.Equal(2, lines.Count(l => (string?)l["type"] == "feedback"));
        Assert.DoesNotContain(lines, l => (string?)l["type"] is "file" or "hold");
    }

    [Fact]
    public async Task Verify_FileChangedAfterExport_NotFoundExitOne()
    {
        string path = Path.Combine(_folder, "alice.zip");
        await RunAsync("export", "--tenant", Tenant, "--user", Alice, "--out", path);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[^1] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var (exit, output, _) = await RunAsync("verify", "--file", path);

        Assert.Equal(EdiscoveryCommand.ExitNotInAuditLog, exit);
        Assert.StartsWith("NOT FOUND", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FileExists_RefusedTheFileKeptAndNothingAudited()
    {
        string path = Path.Combine(_folder, "taken.zip");
        await File.WriteAllTextAsync(path, "earlier export");

        var (exit, _, error) = await RunAsync("export", "--tenant", Tenant, "--user", Alice, "--out", path);

        Assert.Equal(AuditCommand.ExitUnavailable, exit);
        Assert.Contains("ediscovery export:", error, StringComparison.Ordinal);
        Assert.Equal("earlier export", await File.ReadAllTextAsync(path));
        await using var db = await _database.CreateDbContextAsync();
        Assert.False(await db.Set<AuditRecord>().AnyAsync(r => r.Decision == AuditDecision.Exported));
    }

    [Theory]
    [InlineData("export", "--tenant", "t", "--out", "x.zip")]
    [InlineData("export", "--tenant", "t", "--user", "u", "--conversation", "c", "--out", "x.zip")]
    [InlineData("export", "--tenant", "t", "--user", "u")]
    [InlineData("verify")]
    [InlineData("shred")]
    public async Task RunAsync_BadArguments_UsageAndExit2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);

        Assert.Equal(AuditCommand.ExitUsage, exit);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Alice: her own chat (asked and answered), the group chat she shares with Bob (she likes her answer, Bob likes
    /// his), a file and a hold on her. Bob: his own chat and the group chat. One audit record: the hold.
    /// </summary>
    private async Task PlantAsync()
    {
        await AnsweredAsync(AliceChat, ConversationScope.Personal, "alice alone", Alice, "Alice");
        long aliceInGroup = await AnsweredAsync(GroupChat, ConversationScope.GroupChat, "alice in the group", Alice, "Alice");
        long bobInGroup = await AnsweredAsync(GroupChat, ConversationScope.GroupChat, "bob in the group", Bob, "Bob");
        await AnsweredAsync(BobChat, ConversationScope.Personal, "bob alone", Bob, "Bob");
        await _store.RecordAnswerMessageAsync(GroupChat, "1700000009001", aliceInGroup, default);
        await _store.RecordAnswerMessageAsync(GroupChat, "1700000009002", bobInGroup, default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009001", Tenant, Alice,
            FeedbackReaction.Like, "alice likes it"), default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009002", Tenant, Bob,
            FeedbackReaction.Like, "bob likes it"), default);
        foreach (var (owner, name) in new[] { (Alice, "alice-notes.txt"), (Bob, "bob-notes.txt") })
        {
            await new EfKnowledgeStore(_database).SaveAsync(new KnowledgeDocumentRecord
            {
                TenantId = Tenant,
                OwnerUserId = owner,
                SourceKind = "teams-file",
                SourceKey = owner + "/" + name,
                Name = name,
                ContentHash = "00",
                CreatedAt = DateTime.UtcNow,
            }, [new TextChunk(0, null, null, "notes of " + name)], null, default);
        }

        var holds = new LegalHoldService(_database, AuditTestData.CreateLog(_database), TimeProvider.System,
            NullLogger<LegalHoldService>.Instance);
        await holds.PlaceAsync(new LegalHoldRequest(Tenant, Alice, null, "Matter 2026-17", "cli"), default);
    }

    private async Task<long> AnsweredAsync(string conversation, ConversationScope scope, string text, string user,
        string name)
    {
        string activityId = (++_nextActivity).ToString(CultureInfo.InvariantCulture);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = activityId,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            From = new ChannelAccount("29:" + name, name, aadObjectId: user),
            Recipient = new ChannelAccount("28:teamsbot", "TeamsBot"),
            Conversation = new ConversationAccount(isGroup: scope != ConversationScope.Personal, id: conversation,
                tenantId: Tenant),
        };
        long turn = (await _store.SaveIncomingAsync(new IncomingMessage(conversation, activityId, Tenant, user, name, scope,
            text, JsonConvert.SerializeObject(activity.GetConversationReference()), DateTime.UtcNow), default))!.Value;
        await _store.SaveAnswerAsync(turn, text, 5, "answer to " + text, 5, null, [], default);
        return turn;
    }

    private static (List<JsonObject> Lines, string Markdown) Unzip(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var lines = new StreamReader(zip.GetEntry("teamsbot-export.jsonl")!.Open(), Encoding.UTF8);
        var parsed = lines.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        using var markdown = new StreamReader(zip.GetEntry("teamsbot-export.md")!.Open(), Encoding.UTF8);
        return (parsed, markdown.ReadToEnd());
    }

    private Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) =>
        RunAsync(EdiscoveryCommand.RunAsync, args);

    private async Task<(int Exit, string Output, string Error)> RunAsync(
        Func<string[], TextWriter, TextWriter, IReadOnlyDictionary<string, string?>?, CancellationToken, Task<int>> verb,
        params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var settings = new Dictionary<string, string?>(StorageSettings())
        {
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
        };
        int exit = await verb(args, output, error, settings, default);
        return (exit, output.ToString(), error.ToString());
    }
}
