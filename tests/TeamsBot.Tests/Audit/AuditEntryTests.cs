using Microsoft.Extensions.AI;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

public sealed class AuditEntryTests
{
    [Fact]
    public void ForTurn_RefusedChannelTurn_CopiesWhoWhereTextReasonAndUsage()
    {
        var turn = TestTurns.Create("what is the admin password?", scope: ConversationScope.Channel);
        turn.Refuse("secrets");
        turn.Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 3 };

        var entry = AuditEntry.ForTurn(turn, "policy-7", AuditDecision.Refused);

        Assert.Equal(("tenant-1", "user-1", "a:conv-1", "Channel"),
            (entry.TenantId, entry.UserId, entry.ConversationId, entry.Scope));
        Assert.Equal(("policy-7", AuditDecision.Refused, "secrets"), (entry.PolicyVersion, entry.Decision, entry.Rule));
        Assert.Equal((12, 3), (entry.TokensIn, entry.TokensOut));
        Assert.Equal("what is the admin password?", entry.MessageText);
        Assert.Null(entry.Model);
    }
}
