using System.Globalization;
using System.Text;
using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using TeamsBot.Audit;
using TeamsBot.Connector;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Quota;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Lifecycle;

/// <summary>
/// Retention, legal hold and "forget me" against each storage provider: a user planted in every table the way the app
/// stores them, then every value of every table and every byte of the database's files read back.
/// </summary>
public abstract class DataLifecycleTests : IAsyncLifetime
{
    protected const string Tenant = "tenant-1";
    private const string OtherTenant = "tenant-2";
    private const string AadObjectId = "5c0ffee5-9f1e-4b7a-a3d2-0f0e7f0e7a11";
    private const string TeamsUserId = "29:1ZebulonQuartermaineTeamsIdQq7";
    private const string DisplayName = "Zebulon Quartermaine-Fairweather";
    private const string Email = "zebulon.quartermaine@contoso.example";
    private const string Secret = "wombat-saxophone-7731";
    private const string PersonalChat = "a:1zebulon-own-chat-Pq93";
    private const string GroupChat = "19:zebulon-group@thread.v2";
    private const string Channel = "19:zebulon-channel@thread.tacv2";
    private const string ChannelThread = Channel + ";messageid=1700000000500";

    private const string ColleagueAad = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string ColleagueTeamsId = "29:1ColleagueTeamsId";
    private const string ColleagueName = "Ingrid Colleague";
    private const string ColleagueChat = "a:1ingrid-own-chat";

    private static readonly string[] TheirNameIdsAndText =
        [DisplayName, TeamsUserId, Email, Secret, AadObjectId, PersonalChat];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly RetentionOptions _retention = new()
    {
        Personal = 30,
        GroupChat = 30,
        Channel = 30,
        Files = 30,
        UsageCounters = 31,
    };
    private IDbContextFactory<BotDbContext> _database = null!;
    private EfConversationStore _store = null!;
    private TurnLedger _ledger = null!;
    private DbQuotaLedger _quotas = null!;
    private EfAuditLog _audit = null!;
    private LegalHoldService _holds = null!;
    private long _nextActivity = 1_700_000_001_000;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new EfConversationStore(_database, _clock);
        _ledger = new TurnLedger(_database, Options.Create(new TurnsOptions()), new ConversationSendPacer(_clock), _clock);
        _quotas = new DbQuotaLedger(_database, _clock);
        _audit = AuditTestData.CreateLog(_database, clock: _clock);
        _holds = new LegalHoldService(_database, _audit, _clock, NullLogger<LegalHoldService>.Instance);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    /// <summary>Every byte of the files the database is kept in, after the database wrote out what it buffers.</summary>
    protected abstract Task<byte[]> ReadDatabaseFilesAsync();

    [Fact]
    public async Task RunAsync_UserPastRetention_NoTableOrFileHoldsTheirNameIdsOrText()
    {
        await PlantAsync();
        Assert.NotEmpty(TheirValues(await ReadEveryTableAsync()));
        Assert.NotEmpty(Found(await ReadDatabaseFilesAsync(), DisplayName, Secret));
        _clock.Advance(TimeSpan.FromDays(40));
        await ColleagueAsksAsync();

        var result = await PurgeAsync();

        Assert.NotNull(result);
        Assert.Equal(10, result.Turns);
        Assert.Empty(TheirValues(await ReadEveryTableAsync()));
        Assert.Empty(Found(await ReadDatabaseFilesAsync(), TheirNameIdsAndText));
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(["colleague asks later", "answer to colleague asks later"],
            await db.Turns.OrderBy(t => t.Id).Select(t => t.Text).ToListAsync());
        await AssertAuditedAsync(AuditDecision.Purged);
    }

    [Fact]
    public async Task RunAsync_NothingPastRetention_DeletesNothingAndAuditsNothing()
    {
        await PlantAsync();
        _clock.Advance(TimeSpan.FromDays(29));

        var result = await PurgeAsync();

        Assert.Equal(0, result!.Total);
        await AssertAuditedAsync();
    }

    [Fact]
    public async Task RunAsync_UserUnderLegalHold_TheirDataSurvivesRetentionAndForgetMeUntilLifted()
    {
        await PlantAsync();
        var before = TheirValues(await ReadEveryTableAsync());
        var hold = await _holds.PlaceAsync(new LegalHoldRequest(Tenant, AadObjectId, null, "Matter 2026-17", "cli"), default);
        _clock.Advance(TimeSpan.FromDays(400));

        var purged = await PurgeAsync();
        int forgotten = await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        Assert.Equal(0, purged!.Turns + forgotten);
        Assert.Equal(before.Count, TheirValues(await ReadEveryTableAsync()).Count);
        Assert.True((await _holds.ForUserAsync(Tenant, AadObjectId, default)).WholeUser);

        Assert.NotNull(await _holds.LiftAsync(Tenant, hold.Id, "cli", default));
        await PurgeAsync();
        Assert.Empty(TheirValues(await ReadEveryTableAsync()));
        // The first purge took the tenant's own usage counter, which no hold covers.
        await AssertAuditedAsync(AuditDecision.HoldPlaced, AuditDecision.Purged, AuditDecision.HoldLifted,
            AuditDecision.Purged);
    }

    [Fact]
    public async Task ForgetUserAsync_ConversationUnderLegalHold_TheirPartOfItStaysTheRestGoes()
    {
        await PlantAsync();
        await _holds.PlaceAsync(new LegalHoldRequest(Tenant, null, Channel, "Matter 2026-18", "cli"), default);

        int forgotten = await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        Assert.Equal(6, forgotten);
        var left = TheirValues(await ReadEveryTableAsync());
        Assert.NotEmpty(left);
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal([ChannelThread], await db.Turns.Where(t => t.UserId == AadObjectId).Select(t => t.ConversationId)
            .Distinct().ToListAsync());
        var holds = await _holds.ForUserAsync(Tenant, AadObjectId, default);
        Assert.False(holds.WholeUser);
        Assert.Equal([ChannelThread], holds.Conversations);
        Assert.False(await db.Conversations.AnyAsync(c => c.Id == PersonalChat));
    }

    [Fact]
    public async Task RunAsync_TenantKeepsPersonalChats_OnlyTheOtherTenantsAreDeleted()
    {
        _retention.Tenants[OtherTenant] = new TenantRetentionOptions { Personal = 0 };
        await SaveAsync(PersonalChat, ConversationScope.Personal, "tenant one asks", TeamsUserId, AadObjectId, DisplayName);
        await SaveAsync(ColleagueChat, ConversationScope.Personal, "tenant two asks", ColleagueTeamsId, ColleagueAad,
            ColleagueName, OtherTenant);
        _clock.Advance(TimeSpan.FromDays(31));

        await PurgeAsync();

        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(["tenant two asks"], await db.Turns.Select(t => t.Text).ToListAsync());
    }

    [Fact]
    public async Task RunAsync_FilesPastTheirPeriod_DeletedWithPassagesUnlessYoungerKeptByTenantOrHeld()
    {
        _retention.Tenants[OtherTenant] = new TenantRetentionOptions { Files = 0 };
        await SaveFileAsync(Tenant, AadObjectId, "old.txt", $"old notes on {Secret}");
        await SaveFileAsync(OtherTenant, ColleagueAad, "kept-by-tenant.txt", "tenant two keeps files");
        await SaveFileAsync(Tenant, ColleagueAad, "held.txt", "held owner's notes");
        await _holds.PlaceAsync(new LegalHoldRequest(Tenant, ColleagueAad, null, "Matter 2026-19", "cli"), default);
        _clock.Advance(TimeSpan.FromDays(20));
        await SaveFileAsync(Tenant, AadObjectId, "young.txt", "young notes");
        _clock.Advance(TimeSpan.FromDays(11));

        var result = await PurgeAsync();

        Assert.Equal(1, result!.Files);
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(["kept-by-tenant.txt", "held.txt", "young.txt"],
            await db.Set<KnowledgeDocumentRecord>().OrderBy(d => d.Id).Select(d => d.Name).ToListAsync());
        Assert.False(await db.Set<KnowledgeChunkRecord>().AnyAsync(c => c.Text.Contains(Secret)));
        Assert.Equal(3, await db.Set<KnowledgeChunkRecord>().CountAsync());
        Assert.Empty(Found(await ReadDatabaseFilesAsync(), Secret));
        await AssertAuditedAsync(AuditDecision.HoldPlaced, AuditDecision.Purged);
    }

    [Fact]
    public async Task RunAsync_TwoInstancesAtOnce_EachRowDeletedOnceAndOneAuditRecord()
    {
        await PlantAsync();
        _clock.Advance(TimeSpan.FromDays(40));
        var first = NewPurge();
        var second = NewPurge();

        var results = await Task.WhenAll(first.RunAsync(default), second.RunAsync(default));

        Assert.Equal(10, results.Sum(r => r?.Turns ?? 0));
        await AssertAuditedAsync(AuditDecision.Purged);
    }

    [Fact]
    public async Task ForgetUserAsync_NoFileHoldsTheirNameOrText()
    {
        await PlantAsync();
        Assert.NotEmpty(Found(await ReadDatabaseFilesAsync(), DisplayName, Secret));

        await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        Assert.Empty(Found(await ReadDatabaseFilesAsync(), DisplayName, TeamsUserId, Email, Secret));
    }

    private Task<RetentionPurgeResult?> PurgeAsync() => NewPurge().RunAsync(default);

    private RetentionPurge NewPurge() => new(_database, new FixedOptionsMonitor<RetentionOptions>(_retention), _audit,
        _clock, NullLogger<RetentionPurge>.Instance);

    private async Task AssertAuditedAsync(params AuditDecision[] expected)
    {
        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(expected, await db.Set<AuditRecord>().OrderBy(r => r.Sequence).Select(r => r.Decision).ToListAsync());
        var verification = await AuditTestData.CreateVerifier(_database)
            .VerifyAsync(default);
        Assert.True(verification.IsValid, verification.Detail);
    }

    /// <summary>
    /// The user's 1:1 chat (answered, refused and pending messages, feedback, welcome, redaction map), a group chat they
    /// share with a colleague (the colleague rates their answer) and a channel thread, with usage counters: all on
    /// one day. Ten turns of theirs, and a file they sent.
    /// </summary>
    private async Task PlantAsync()
    {
        var policy = AdmissionTests.Policy();
        await _store.TryMarkWelcomedAsync(PersonalChat, default);
        await SaveFileAsync(Tenant, AadObjectId, $"{DisplayName} notes.txt", $"my notes on {Secret}");
        long asked = await AnsweredAsync(PersonalChat, ConversationScope.Personal, $"{DisplayName} here: {Secret}",
            TeamsUserId, AadObjectId, DisplayName);
        await _store.RecordAnswerMessageAsync(PersonalChat, "1700000009001", asked, default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(PersonalChat, "1700000009001", Tenant, AadObjectId,
            FeedbackReaction.Dislike, $"wrong about {Secret}"), default);
        var map = new DlpPlaceholderMap();
        map.GetPlaceholder("EMAIL", Email);
        await _store.SaveRedactionMapAsync(PersonalChat, map.Serialise(), default);
        long refused = await SaveAsync(PersonalChat, ConversationScope.Personal, $"refused {Secret} from {Email}",
            TeamsUserId, AadObjectId, DisplayName);
        await _ledger.FinishAsync(refused, TurnStatus.Refused, null, default);
        await SaveAsync(PersonalChat, ConversationScope.Personal, $"still pending {Secret}", TeamsUserId, AadObjectId,
            DisplayName);

        long inGroup = await AnsweredAsync(GroupChat, ConversationScope.GroupChat, $"{Secret} in the group", TeamsUserId,
            AadObjectId, DisplayName);
        await _store.RecordAnswerMessageAsync(GroupChat, "1700000009002", inGroup, default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009002", Tenant, ColleagueAad,
            FeedbackReaction.Like, "colleague likes it"), default);
        await AnsweredAsync(ChannelThread, ConversationScope.Channel, $"{Secret} in the channel", TeamsUserId, AadObjectId,
            DisplayName);
        await AnsweredAsync(ChannelThread, ConversationScope.Channel, $"{DisplayName} again: {Secret}", TeamsUserId,
            AadObjectId, DisplayName);
        Assert.True((await _quotas.TryStartTurnAsync(policy, AadObjectId, default)).Allowed);
        await _quotas.RecordTokensAsync(policy, AadObjectId, 50, default);
    }

    /// <summary>A file the owner sent in their 1:1 chat, as file receipt stores it, with one passage.</summary>
    private async Task SaveFileAsync(string tenant, string owner, string name, string text) =>
        await new EfKnowledgeStore(_database).SaveAsync(new KnowledgeDocumentRecord
        {
            TenantId = tenant,
            OwnerUserId = owner,
            SourceKind = "teams-file",
            SourceKey = owner + "/" + name,
            Name = name,
            ContentHash = "00",
            CreatedAt = _clock.GetUtcNow().UtcDateTime,
        }, [new TextChunk(0, null, null, text)], null, default);

    /// <summary>The colleague writes in the shared group chat and their own chat, after the user's data aged.</summary>
    private async Task ColleagueAsksAsync() =>
        await AnsweredAsync(GroupChat, ConversationScope.GroupChat, "colleague asks later", ColleagueTeamsId,
            ColleagueAad, ColleagueName);

    private async Task<long> AnsweredAsync(string conversation, ConversationScope scope, string text, string teamsId,
        string aadObjectId, string name)
    {
        long turn = await SaveAsync(conversation, scope, text, teamsId, aadObjectId, name);
        await _store.SaveAnswerAsync(turn, text, 5, "answer to " + text, 5, null, [], default);
        return turn;
    }

    /// <summary>Stores a message the way the bot's receipt does, with the conversation reference Teams' activity gives.</summary>
    private async Task<long> SaveAsync(string conversation, ConversationScope scope, string text, string teamsId,
        string aadObjectId, string name, string tenant = Tenant)
    {
        string activityId = (++_nextActivity).ToString(CultureInfo.InvariantCulture);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = activityId,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            From = new ChannelAccount(teamsId, name, aadObjectId: aadObjectId),
            Recipient = new ChannelAccount("28:teamsbot", "TeamsBot"),
            Conversation = new ConversationAccount(isGroup: scope != ConversationScope.Personal, id: conversation,
                tenantId: tenant),
        };
        var message = new IncomingMessage(conversation, activityId, tenant, aadObjectId, name, scope, text,
            JsonConvert.SerializeObject(activity.GetConversationReference()), _clock.GetUtcNow().UtcDateTime);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return (await _store.SaveIncomingAsync(message, default))!.Value;
    }

    private async Task<List<StoredValue>> ReadEveryTableAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        var values = new List<StoredValue>();
        foreach (string table in DatabaseTables.InModel(db))
        {
            values.AddRange(await DatabaseTables.ReadAllAsync(db, table, default));
        }

        return values;
    }

    /// <summary>
    /// Values naming the user, but for the ids and reasons of holds and the audit log with its keys (see the admin guide):
    /// retention does not erase the audit log; forget me does, by destroying the key (tests/…/History/ForgetUserTests).
    /// </summary>
    private static List<string> TheirValues(IEnumerable<StoredValue> values) =>
        values.Where(v => v.Table is not (LegalHoldConfiguration.TableName or AuditRecordConfiguration.TableName
                or AuditSubjectConfiguration.TableName))
            .Where(v => TheirNameIdsAndText.Any(n => v.Text.Contains(n, StringComparison.OrdinalIgnoreCase)))
            .Select(v => $"{v.Table}.{v.Column}: {v.Text}").ToList();

    private static List<string> Found(byte[] files, params string[] needles) =>
        needles.Where(n => files.AsSpan().IndexOf(Encoding.UTF8.GetBytes(n)) >= 0).ToList();
}
