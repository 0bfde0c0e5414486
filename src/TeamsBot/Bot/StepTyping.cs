namespace TeamsBot.Bot;

/// <summary>What <see cref="TypingShown"/> records and tells for the step answering one stored message.</summary>
internal sealed class StepTyping(TypingShown shown, long turnId)
{
    public void Shown(string conversationId) => shown.Shown(conversationId, turnId);

    public void MessageSent(string conversationId) => shown.MessageSent(conversationId);

    public TimeSpan TimeUntilDue(string conversationId) => shown.TimeUntilDue(conversationId, turnId);
}
