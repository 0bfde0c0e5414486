namespace TeamsBot.Model;

public enum ModelFailureKind
{
    NotConfigured,
    Unreachable,
    Timeout,
    Throttled,
    PromptFiltered,
    AnswerFiltered,
    ContextTooLong,
    Unauthorized,
    DeploymentNotFound,
    ServerError,
}
