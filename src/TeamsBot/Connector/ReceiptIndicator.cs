namespace TeamsBot.Connector;

/// <summary>
/// A typing indicator sent when the stored message <paramref name="TurnId"/> was received, at <paramref name="SentAt"/>
/// (Unix milliseconds), as the conversation's send log records it.
/// </summary>
internal readonly record struct ReceiptIndicator(long TurnId, long SentAt);
