using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Policy;

namespace TeamsBot.Welcome;

/// <summary>
/// Decides whether a conversation gets the welcome card. Teams sends both an installationUpdate and a
/// conversationUpdate for one install, and resends them (the Playground on every page load), so the database
/// decides "once per conversation".
/// </summary>
internal sealed partial class WelcomeService(
    IConversationStore store,
    Admission admission,
    IOptionsMonitor<PolicyOptions> options,
    ILogger<WelcomeService> logger)
{
    /// <summary>The card to send, or null when this conversation gets none (already welcomed, or not allowed).</summary>
    public async Task<AdaptiveCard?> ClaimAsync(WelcomeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Fail closed: a tenant, place or person the bot may not serve is not told how to use it. In a shared
        // space the one who added the bot may be refused while others are not: the welcome is for the space.
        var admitted = await admission.CheckAsync(request.TenantId, request.UserId, request.Scope, cancellationToken);
        string? refusal = admitted.RefusalRule;
        if (refusal is not null && (request.Scope == ConversationScope.Personal || !IsAboutThePerson(refusal)))
        {
            LogRefused(request.ConversationId, request.TenantId, refusal);
            return null;
        }

        if (!await store.TryMarkWelcomedAsync(request.ConversationId, cancellationToken))
        {
            LogAlreadyWelcomed(request.ConversationId);
            return null;
        }

        LogWelcoming(request.ConversationId, request.Scope);
        return WelcomeCards.For(request.BotName, request.Scope, PolicyUrlFor(request.TenantId));
    }

    /// <summary>Rules that refuse the person rather than the tenant or the place.</summary>
    private static bool IsAboutThePerson(string rule) =>
        rule is "policy.blocked_user" or "policy.group" or "policy.directory_unavailable" or "identity.missing";

    /// <summary>The card could not be sent: let the next install event try again.</summary>
    public Task ReleaseAsync(string conversationId, CancellationToken cancellationToken) =>
        store.UnmarkWelcomedAsync(conversationId, cancellationToken);

    private Uri? PolicyUrlFor(string tenantId)
    {
        var current = options.CurrentValue;
        return current.Tenants.TryGetValue(tenantId, out var tenant) && tenant.PolicyUrl is not null
            ? tenant.PolicyUrl
            : current.PolicyUrl;
    }

    [LoggerMessage(EventId = 1611, Level = LogLevel.Information,
        Message = "Welcoming conversation {ConversationId} ({Scope})")]
    private partial void LogWelcoming(string conversationId, ConversationScope scope);

    [LoggerMessage(EventId = 1612, Level = LogLevel.Information,
        Message = "Conversation {ConversationId} was already welcomed")]
    private partial void LogAlreadyWelcomed(string conversationId);

    [LoggerMessage(EventId = 1613, Level = LogLevel.Warning,
        Message = "No welcome for conversation {ConversationId} of tenant {TenantId}: refused by policy ({Rule})")]
    private partial void LogRefused(string conversationId, string tenantId, string rule);
}
