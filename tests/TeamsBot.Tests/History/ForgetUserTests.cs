using Microsoft.Bot.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json;
using TeamsBot.Audit;
using TeamsBot.Connector;
using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Policy;
using TeamsBot.Quota;
using TeamsBot.Storage;
using TeamsBot.Tests.Audit;
using TeamsBot.Tests.Policy;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.History;

/// <summary>
/// "Forget me" against each storage provider: a user planted in every table the way the app stores them, then forgotten,
/// then every value of every table read back.
/// </summary>
public abstract class ForgetUserTests : IAsyncLifetime
{
    private const string Tenant = "tenant-1";
    private const string AadObjectId = "5c0ffee5-9f1e-4b7a-a3d2-0f0e7f0e7a11";
    private const string TeamsUserId = "29:1ZebulonQuartermaineTeamsIdQq7";
    private const string DisplayName = "Zebulon Quartermaine-Fairweather";
    private const string Email = "zebulon.quartermaine@contoso.example";
    private const string Secret = "wombat-saxophone-7731";
    private const string SecretWord = "saxophone";
    private const string PersonalChat = "a:1zebulon-own-chat-Pq93";
    private const string GroupChat = "19:zebulon-group@thread.v2";
    private const string ChannelThread = "19:zebulon-channel@thread.tacv2;messageid=1700000000500";

    private const string ColleagueAad = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private const string ColleagueTeamsId = "29:1ColleagueTeamsId";
    private const string ColleagueName = "Ingrid Colleague";
    private const string ColleagueEmail = "ingrid@contoso.example";

    /// <summary>
    /// Every table of the model and what it may still hold of the user afterwards. A new table fails the test until
    /// it is added here, so whoever adds it decides what "forget me" does with it.
    /// </summary>
    private static readonly Dictionary<string, string[]> MayStillHoldTheirIds = new(StringComparer.Ordinal)
    {
        ["conversations"] = [],
        ["turns"] = [],
        ["answer_messages"] = [],
        ["feedback"] = [],
        ["welcomes"] = [],
        ["usage_counters"] = [],
        ["knowledge_documents"] = [],
        ["knowledge_chunks"] = [],
        // Append-only, and sealed with the person's key, which forgetting destroys: no id is left in the clear.
        [AuditRecordConfiguration.TableName] = [],
        [AuditSubjectConfiguration.TableName] = [],
        // Holds name whom they hold and survive "forget me" by design (tests/…/Lifecycle); none is planted here.
        [LegalHoldConfiguration.TableName] = ["UserId", "ConversationId"],
        // Company collections an admin registered: no one's data; none is planted here, so none may hold their ids.
        [KnowledgeModel.CollectionsTable] = [],
    };

    /// <summary>
    /// SQLite's keyword index over passages (FTS5 and its shadow tables), not mapped by EF: read like every other table,
    /// since an index that kept a forgotten word would keep the text.
    /// </summary>
    private static readonly string[] SqliteSearchIndexTables =
        ["knowledge_chunks_fts", "knowledge_chunks_fts_config", "knowledge_chunks_fts_data", "knowledge_chunks_fts_docsize",
            "knowledge_chunks_fts_idx"];

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 15, 30, 0, TimeSpan.Zero));
    private IDbContextFactory<BotDbContext> _database = null!;
    private IConversationStore _store = null!;
    private TurnLedger _ledger = null!;
    private DbQuotaLedger _quotas = null!;
    private EfAuditLog _audit = null!;
    private long _nextActivity = 1_700_000_001_000;

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _store = new EfConversationStore(_database, _clock);
        _ledger = new TurnLedger(_database, Options.Create(new TurnsOptions()), new ConversationSendPacer(_clock), _clock);
        _quotas = new DbQuotaLedger(_database, _clock);
        _audit = AuditTestData.CreateLog(_database, clock: _clock);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected abstract Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync();

    [Fact]
    public async Task ForgetUserAsync_UserInEveryTable_NoTableHoldsTheirNameIdsOrText()
    {
        await PlantEverywhereAsync();
        var before = await ReadEveryTableAsync();
        // The plant reaches every table, so the check below has something to find.
        // (The audit log holds them only sealed, even before: its key, in audit_subjects, is what names them.)
        Assert.Equal(MayStillHoldTheirIds.Keys
                .Where(t => t is not (LegalHoldConfiguration.TableName or AuditRecordConfiguration.TableName
                    or KnowledgeModel.CollectionsTable)).Order(),
            before.Where(HoldsTheUser).Select(v => v.Table).Where(t => !SqliteSearchIndexTables.Contains(t))
                .Distinct().Order());

        int deleted = await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        Assert.Equal(10, deleted);
        var leaks = (await ReadEveryTableAsync())
            .Where(v => Mentions(v, DisplayName, TeamsUserId, Secret, Email)
                || (Mentions(v, AadObjectId, PersonalChat)
                    && !MayStillHoldTheirIds.GetValueOrDefault(v.Table, []).Contains(v.Column)))
            .Select(v => $"{v.Table}.{v.Column}: {v.Text}");
        Assert.Empty(leaks);
        // The keyword index keeps words, not the whole text: a word of the secret is the trace to look for.
        await using (var db = await _database.CreateDbContextAsync())
        {
            Assert.Equal(db.Database.IsSqlite(), before.Any(InSearchIndex));
        }

        Assert.DoesNotContain(await ReadEveryTableAsync(), InSearchIndex);
    }

    private static bool InSearchIndex(StoredValue value) =>
        SqliteSearchIndexTables.Contains(value.Table) && value.Text.Contains(SecretWord, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public async Task ForgetUserAsync_UserInEveryTable_OtherPeoplesDataStays()
    {
        await PlantEverywhereAsync();

        await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        await using var db = await _database.CreateDbContextAsync();
        Assert.Equal(
            ["colleague asks in the group", "answer to colleague asks in the group", "colleague asks in the channel",
                "answer to colleague asks in the channel"],
            db.Turns.OrderBy(t => t.Id).Select(t => t.Text));
        Assert.Equal([ColleagueAad], db.Feedback.Select(f => f.UserId).Distinct());
        Assert.Equal([GroupChat, ChannelThread], db.Conversations.OrderBy(c => c.CreatedAt).Select(c => c.Id));
        Assert.Equal([GroupChat], db.Welcomes.Select(w => w.ConversationId));
        var usage = await _quotas.GetUsageAsync(Tenant, ColleagueAad, default);
        Assert.Equal((1, 20L, 70L), usage);
    }

    [Fact]
    public async Task ForgetUserAsync_TheyWroteLastInASharedChat_ReferenceStillReachesTheChat()
    {
        await SaveAsync(GroupChat, ConversationScope.GroupChat, "colleague asks", ColleagueTeamsId, ColleagueAad, ColleagueName);
        await SaveAsync(GroupChat, ConversationScope.GroupChat, "they ask", TeamsUserId, AadObjectId, DisplayName);

        await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        await using var db = await _database.CreateDbContextAsync();
        string json = await db.Conversations.Where(c => c.Id == GroupChat).Select(c => c.ReferenceJson).SingleAsync();
        var reference = JsonConvert.DeserializeObject<ConversationReference>(json)!;
        Assert.Equal((GroupChat, "28:teamsbot", "https://smba.trafficmanager.net/emea/", "msteams"),
            (reference.Conversation.Id, reference.Bot.Id, reference.ServiceUrl, reference.ChannelId));
        Assert.Null(reference.User);
        Assert.Null(reference.ActivityId);
    }

    [Fact]
    public async Task ForgetUserAsync_SharedChatTheyWroteIn_MapForgetsValuesButKeepsItsNumbering()
    {
        await SaveAsync(GroupChat, ConversationScope.GroupChat, "[EMAIL_1] is mine", TeamsUserId, AadObjectId, DisplayName);
        var map = new DlpPlaceholderMap();
        Assert.Equal("[EMAIL_1]", map.GetPlaceholder("EMAIL", Email));
        Assert.Equal("[EMAIL_2]", map.GetPlaceholder("EMAIL", ColleagueEmail));
        await _store.SaveRedactionMapAsync(GroupChat, map.Serialise(), default);

        await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        var after = DlpPlaceholderMap.Parse(await _store.GetRedactionMapAsync(GroupChat, default));
        Assert.Equal(2, after.Count);
        // Their address is no longer recognised, and no new value takes a number other people's turns still use.
        Assert.Equal("[EMAIL_3]", after.GetPlaceholder("EMAIL", Email));
        Assert.Equal("[EMAIL_4]", after.GetPlaceholder("EMAIL", "someone.new@contoso.example"));
    }

    [Fact]
    public async Task ForgetUserAsync_SharedChatTheyNeverWroteIn_Untouched()
    {
        await SaveAsync(GroupChat, ConversationScope.GroupChat, "colleague asks", ColleagueTeamsId, ColleagueAad, ColleagueName);
        var map = new DlpPlaceholderMap();
        map.GetPlaceholder("EMAIL", ColleagueEmail);
        await _store.SaveRedactionMapAsync(GroupChat, map.Serialise(), default);
        await using var db = await _database.CreateDbContextAsync();
        var before = await db.Conversations.AsNoTracking().SingleAsync();

        await _store.ForgetUserAsync(Tenant, AadObjectId, default);

        var after = await db.Conversations.AsNoTracking().SingleAsync();
        Assert.Equal((before.ReferenceJson, before.RedactionMap), (after.ReferenceJson, after.RedactionMap));
    }

    /// <summary>
    /// The user's 1:1 chat (answered, refused, failed and still pending messages, feedback, welcome, redaction map),
    /// a group chat and a channel thread shared with a colleague (with feedback both ways), usage on two days and
    /// audit records: everything the app stores about someone.
    /// </summary>
    private async Task PlantEverywhereAsync()
    {
        var policy = AdmissionTests.Policy();
        await _store.TryMarkWelcomedAsync(PersonalChat, default);
        await _store.TryMarkWelcomedAsync(GroupChat, default);
        await QuotaAsync(policy, AadObjectId, 30);
        _clock.Advance(TimeSpan.FromDays(1));
        await new TeamsBot.Knowledge.EfKnowledgeStore(_database).SaveAsync(new TeamsBot.Knowledge.KnowledgeDocumentRecord
        {
            TenantId = Tenant,
            OwnerUserId = AadObjectId,
            SourceKind = "teams-file",
            SourceKey = AadObjectId + "/file-1",
            Name = $"{DisplayName} notes.txt",
            ContentHash = "00",
        }, [new TeamsBot.Knowledge.TextChunk(0, null, null, $"my notes on {Secret}")], [[0.6f, 0.8f]], default);

        long asked = await AnsweredAsync(PersonalChat, ConversationScope.Personal, $"{DisplayName} here: {Secret}",
            TeamsUserId, AadObjectId, DisplayName);
        await _store.RecordAnswerMessageAsync(PersonalChat, "1700000009001", asked, default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(PersonalChat, "1700000009001", Tenant, AadObjectId,
            FeedbackReaction.Dislike, $"wrong about {Secret}"), default);
        var ownMap = new DlpPlaceholderMap();
        ownMap.GetPlaceholder("EMAIL", Email);
        await _store.SaveRedactionMapAsync(PersonalChat, ownMap.Serialise(), default);
        long refused = await SaveAsync(PersonalChat, ConversationScope.Personal, $"raw refused {Secret} from {Email}",
            TeamsUserId, AadObjectId, DisplayName);
        await _ledger.FinishAsync(refused, TurnStatus.Refused, null, default);
        long failed = await SaveAsync(PersonalChat, ConversationScope.Personal, $"failed {Secret}", TeamsUserId,
            AadObjectId, DisplayName);
        await _ledger.FinishAsync(failed, TurnStatus.Failed, null, default);
        await SaveAsync(PersonalChat, ConversationScope.Personal, $"still pending {Secret}", TeamsUserId, AadObjectId,
            DisplayName);

        long colleagueInGroup = await AnsweredAsync(GroupChat, ConversationScope.GroupChat, "colleague asks in the group",
            ColleagueTeamsId, ColleagueAad, ColleagueName);
        await _store.RecordAnswerMessageAsync(GroupChat, "1700000009002", colleagueInGroup, default);
        long theirsInGroup = await AnsweredAsync(GroupChat, ConversationScope.GroupChat, $"{Secret} in the group",
            TeamsUserId, AadObjectId, DisplayName);
        await _store.RecordAnswerMessageAsync(GroupChat, "1700000009003", theirsInGroup, default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009002", Tenant, AadObjectId,
            FeedbackReaction.Like, $"{DisplayName} liked it: {Secret}"), default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009003", Tenant, ColleagueAad,
            FeedbackReaction.Like, "colleague likes their answer"), default);
        await _store.SaveFeedbackAsync(new AnswerFeedback(GroupChat, "1700000009002", Tenant, ColleagueAad,
            FeedbackReaction.Like, null), default);
        var groupMap = new DlpPlaceholderMap();
        groupMap.GetPlaceholder("EMAIL", Email);
        groupMap.GetPlaceholder("EMAIL", ColleagueEmail);
        await _store.SaveRedactionMapAsync(GroupChat, groupMap.Serialise(), default);

        long theirsInChannel = await AnsweredAsync(ChannelThread, ConversationScope.Channel, $"{Secret} in the channel",
            TeamsUserId, AadObjectId, DisplayName);
        await _store.RecordAnswerMessageAsync(ChannelThread, "1700000009004", theirsInChannel, default);
        await AnsweredAsync(ChannelThread, ConversationScope.Channel, "colleague asks in the channel", ColleagueTeamsId,
            ColleagueAad, ColleagueName);
        long failedInChannel = await SaveAsync(ChannelThread, ConversationScope.Channel, $"failed {Secret} in the channel",
            TeamsUserId, AadObjectId, DisplayName);
        await _ledger.FinishAsync(failedInChannel, TurnStatus.Failed, null, default);

        await QuotaAsync(policy, AadObjectId, 50);
        await QuotaAsync(policy, ColleagueAad, 20);
        foreach (var (conversation, scope) in new[] { (PersonalChat, "Personal"), (GroupChat, "GroupChat") })
        {
            await _audit.AppendAsync(new AuditEntry
            {
                TenantId = Tenant,
                UserId = AadObjectId,
                ConversationId = conversation,
                Scope = scope,
                PolicyVersion = policy.Version,
                Decision = AuditDecision.Allowed,
                MessageText = $"{DisplayName}: {Secret}",
            }, default);
        }
    }

    private async Task QuotaAsync(EffectivePolicy policy, string userId, long tokens)
    {
        Assert.True((await _quotas.TryStartTurnAsync(policy, userId, default)).Allowed);
        await _quotas.RecordTokensAsync(policy, userId, tokens, default);
    }

    private async Task<long> AnsweredAsync(string conversation, ConversationScope scope, string text, string teamsId,
        string aadObjectId, string name)
    {
        long turn = await SaveAsync(conversation, scope, text, teamsId, aadObjectId, name);
        await _store.SaveAnswerAsync(turn, text, 5, "answer to " + text, 5, null, [], default);
        return turn;
    }

    /// <summary>Stores a message the way the bot's receipt does, with the conversation reference Teams' activity gives.</summary>
    private async Task<long> SaveAsync(string conversation, ConversationScope scope, string text, string teamsId,
        string aadObjectId, string name)
    {
        string activityId = (++_nextActivity).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var activity = new Activity
        {
            Type = ActivityTypes.Message,
            Id = activityId,
            ChannelId = "msteams",
            ServiceUrl = "https://smba.trafficmanager.net/emea/",
            From = new ChannelAccount(teamsId, name, aadObjectId: aadObjectId),
            Recipient = new ChannelAccount("28:teamsbot", "TeamsBot"),
            Conversation = new ConversationAccount(isGroup: scope != ConversationScope.Personal, id: conversation,
                tenantId: Tenant),
        };
        var message = new IncomingMessage(conversation, activityId, Tenant, aadObjectId, name, scope, text,
            JsonConvert.SerializeObject(activity.GetConversationReference()), _clock.GetUtcNow().UtcDateTime);
        _clock.Advance(TimeSpan.FromSeconds(1));
        return (await _store.SaveIncomingAsync(message, default))!.Value;
    }

    private async Task<List<StoredValue>> ReadEveryTableAsync()
    {
        await using var db = await _database.CreateDbContextAsync();
        var inModel = DatabaseTables.InModel(db);
        Assert.Equal(MayStillHoldTheirIds.Keys.Order(), inModel.Order());
        var inDatabase = await DatabaseTables.InDatabaseAsync(db, default);
        Assert.Equal(inModel.Concat(db.Database.IsSqlite() ? SqliteSearchIndexTables : []).Order(), inDatabase.Order());
        var values = new List<StoredValue>();
        foreach (string table in inDatabase)
        {
            values.AddRange(await DatabaseTables.ReadAllAsync(db, table, default));
        }

        return values;
    }

    /// <summary>Their name, any of their ids, their own 1:1 chat's id, or their text.</summary>
    private static bool HoldsTheUser(StoredValue value) =>
        Mentions(value, DisplayName, AadObjectId, TeamsUserId, PersonalChat, Secret, Email);

    private static bool Mentions(StoredValue value, params string[] needles) =>
        needles.Any(n => value.Text.Contains(n, StringComparison.OrdinalIgnoreCase));
}
