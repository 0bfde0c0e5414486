namespace TeamsBot.Hosting;

/// <summary>An incoming activity could not be taken; the endpoint answers 500 so Teams delivers it again.</summary>
public sealed class BotTurnFailedException(Exception inner)
    : Exception("The incoming activity could not be processed.", inner);
