using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Pipeline;

namespace TeamsBot.Tests.TestUtils;

internal static class TestTurns
{
    public static TurnRequest Create(string text, RecordingReplyChannel? reply = null, long turnId = 1,
        string conversationId = "a:conv-1", string tenantId = "tenant-1", string userId = "user-1",
        int contextEpoch = 0, ConversationScope scope = ConversationScope.Personal, string? userName = "Ann Example",
        DlpVerdict? dlp = null) =>
        new()
        {
            TurnId = turnId,
            ConversationId = conversationId,
            ActivityId = $"activity-{turnId}",
            TenantId = tenantId,
            UserId = userId,
            UserName = userName,
            Scope = scope,
            ContextEpoch = contextEpoch,
            Text = text,
            ReceiptDlp = dlp ?? Clean,
            Reply = reply ?? new RecordingReplyChannel(),
        };

    /// <summary>What receipt decides for a message DLP found nothing in.</summary>
    public static DlpVerdict Clean { get; } = new("Clean", null, null, new Dictionary<string, int>());

    public static IncomingMessage Incoming(string text, string activityId, string conversationId = "a:conv-1",
        DateTime? receivedAt = null, string userId = "user-1", string? userName = "Ann Example",
        ConversationScope scope = ConversationScope.Personal) =>
        new(conversationId, activityId, "tenant-1", userId, userName, scope, text, "{}", receivedAt ?? DateTime.UtcNow);

    public static Next Recording(List<string> calls, string name = "next") => (_, _) =>
    {
        calls.Add(name);
        return Task.CompletedTask;
    };
}
