using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Pipeline;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Pipeline;

public sealed class DlpStageTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();
    private readonly IConversationStore _store;
    private readonly DlpStage _stage;

    public DlpStageTests()
    {
        _store = _database.CreateStore();
        _stage = new DlpStage(new DlpScanner(), new FixedOptionsMonitor<DlpOptions>(new DlpOptions()), _store);
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task InvokeAsync_DamagedStoredMap_StillRedactsAndCallsNext()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("x", "a0"), default);
        await _store.SaveRedactionMapAsync("a:conv-1", "not a map at all", default);
        var turn = TestTurns.Create("write to ann@contoso.com");
        var calls = new List<string>();

        await _stage.InvokeAsync(turn, TestTurns.Recording(calls), default);

        Assert.Equal(["next"], calls);
        Assert.Equal("write to [EMAIL_1]", turn.Text);
    }

    [Fact]
    public async Task InvokeAsync_BlockedTurnWithPersonalData_MapSavedSoNumbersStayStable()
    {
        await _store.SaveIncomingAsync(TestTurns.Incoming("x", "a0"), default);
        string token = "ghp_" + new string('q', 18) + new string('R', 18);
        var blocked = TestTurns.Create($"ann@contoso.com says {token}");
        await _stage.InvokeAsync(blocked, TestTurns.Recording([]), default);

        var later = TestTurns.Create("now bob@contoso.com and ann@contoso.com");
        await _stage.InvokeAsync(later, TestTurns.Recording([]), default);

        Assert.Equal(TurnOutcome.Refused, blocked.Outcome);
        Assert.StartsWith("[EMAIL_1] says", blocked.Text, StringComparison.Ordinal);
        Assert.Equal("now [EMAIL_2] and [EMAIL_1]", later.Text);
    }
}
