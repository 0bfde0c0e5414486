namespace TeamsBot.Model;

public sealed class ModelTimeoutException(TimeSpan timeout)
    : TimeoutException($"The model did not answer within {timeout}.");
