using TeamsBot.History;

namespace TeamsBot.Policy;

/// <summary>The rules that apply to one tenant right now, with a version every audit record carries.</summary>
public sealed record EffectivePolicy(
    string TenantId,
    bool TenantAllowed,
    IReadOnlySet<ConversationScope> Scopes,
    IReadOnlyList<string> AllowedGroups,
    IReadOnlySet<string> BlockedUsers,
    int MessagesPerUserPerDay,
    long TokensPerUserPerDay,
    long TokensPerTenantPerDay,
    Dlp.DlpOptions Dlp,
    string Version);
