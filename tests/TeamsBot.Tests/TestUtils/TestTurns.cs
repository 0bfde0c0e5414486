using TeamsBot.History;
using TeamsBot.Pipeline;

namespace TeamsBot.Tests.TestUtils;

public static class TestTurns
{
    public static TurnRequest Create(string text, RecordingReplyChannel? reply = null, long turnId = 1,
        string conversationId = "a:conv-1", string tenantId = "tenant-1", string userId = "user-1",
        int contextEpoch = 0, ConversationScope scope = ConversationScope.Personal) =>
        new()
        {
            TurnId = turnId,
            ConversationId = conversationId,
            ActivityId = $"activity-{turnId}",
            TenantId = tenantId,
            UserId = userId,
            UserName = "Ann Example",
            Scope = scope,
            ContextEpoch = contextEpoch,
            Text = text,
            Reply = reply ?? new RecordingReplyChannel(),
        };

    public static IncomingMessage Incoming(string text, string activityId, string conversationId = "a:conv-1",
        DateTime? receivedAt = null) =>
        new(conversationId, activityId, "tenant-1", "user-1", "Ann Example", ConversationScope.Personal, text,
            "{}", receivedAt ?? DateTime.UtcNow);

    public static Next Recording(List<string> calls, string name = "next") => (_, _) =>
    {
        calls.Add(name);
        return Task.CompletedTask;
    };
}
