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
/// <para>
/// A caller that took the send's slot itself (<see cref="ConversationSendPacer.TryTakeOptionalSlot"/>, to record it
/// where other instances see it first) says so with <c>Suppress(slotTaken: true)</c>: the send is then not counted
/// twice.
/// </para>
/// <para>
/// The scope follows the async flow (an <see cref="AsyncLocal{T}"/>): it covers everything awaited inside the
/// <c>using</c> block, including work the block starts, and nothing outside it. Scopes nest; disposing one restores
/// the state it found.
/// </para>
/// </remarks>
public static class ConnectorRetry
{
    private static readonly AsyncLocal<Scope> Current = new();

    /// <summary>True while the current async flow is inside a <see cref="Suppress"/> scope.</summary>
    public static bool IsSuppressed => Current.Value != Scope.None;

    /// <summary>True inside a scope whose caller took the send's pacing slot already.</summary>
    public static bool IsSlotTaken => Current.Value == Scope.SlotTaken;

    /// <summary>Starts a scope in which Bot Connector sends are tried once; dispose it to end the scope.</summary>
    /// <param name="slotTaken">The caller took the send's slot in the pacer already.</param>
    public static IDisposable Suppress(bool slotTaken = false)
    {
        var scope = new SuppressionScope(Current.Value);
        Current.Value = slotTaken ? Scope.SlotTaken : Scope.Suppressed;
        return scope;
    }

    private enum Scope
    {
        None,
        Suppressed,
        SlotTaken,
    }

    private sealed class SuppressionScope(Scope previous) : IDisposable
    {
        private bool _disposed;

        public void Dispose()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            Current.Value = previous;
        }
    }
}
