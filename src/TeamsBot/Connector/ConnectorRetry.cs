namespace TeamsBot.Connector;

/// <summary>
/// Lets a caller opt a Bot Connector send out of retries, for sends where a late success is worse than a quick
/// failure: Teams streaming updates (a refused stream must fall back to one message at once) and typing indicators.
/// </summary>
/// <example>
/// <code>
/// using (ConnectorRetry.Suppress())
/// {
///     await context.SendActivityAsync(streamingUpdate, cancellationToken);
/// }
/// </code>
/// Sends inside the scope are still paced to Teams' per-conversation limits, but never wait: they go only when a slot
/// is free now and the conversation's budget keeps a reserve for its answers
/// (<see cref="ConversationSendPacer.TryTakeOptionalSlot"/>), else they get a local 429; they are tried once, and a
/// 429, 412, 502 or 504 surfaces to the caller as it would without <see cref="ConnectorSendHandler"/>.
/// </example>
/// <remarks>
/// The scope follows the async flow (an <see cref="AsyncLocal{T}"/>): it covers everything awaited inside the
/// <c>using</c> block, including work the block starts, and nothing outside it. Scopes nest; disposing one restores
/// the state it found.
/// </remarks>
public static class ConnectorRetry
{
    private static readonly AsyncLocal<bool> Suppressed = new();

    /// <summary>True while the current async flow is inside a <see cref="Suppress"/> scope.</summary>
    public static bool IsSuppressed => Suppressed.Value;

    /// <summary>Starts a scope in which Bot Connector sends are tried once; dispose it to end the scope.</summary>
    public static IDisposable Suppress()
    {
        var scope = new SuppressionScope(Suppressed.Value);
        Suppressed.Value = true;
        return scope;
    }

    private sealed class SuppressionScope(bool previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Suppressed.Value = previous;
        }
    }
}
