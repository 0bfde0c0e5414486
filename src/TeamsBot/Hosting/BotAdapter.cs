using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using TeamsBot.Bot;
using TeamsBot.Cards;

namespace TeamsBot.Hosting;

/// <summary>
/// CloudAdapter whose turn errors are logged without content and answered with a card, and whose connector clients
/// share their serialisation contracts and the reflection they make at birth.
/// </summary>
internal sealed partial class BotAdapter : CloudAdapter
{
    private readonly ILogger<BotAdapter> _logger;

    /// <summary>
    /// The SDK logs under its own category, so that its chatter can be turned down (Logging:LogLevel:Microsoft.Bot)
    /// without silencing ours.
    /// </summary>
    public BotAdapter(BotFrameworkAuthentication authentication, ILoggerFactory loggers)
        : base(authentication, loggers?.CreateLogger<CloudAdapter>())
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger<BotAdapter>();
        OnTurnError = HandleTurnErrorAsync;
        // Every turn, received or proactive: before anything is sent with the turn's new connector client.
        Use(new SharedConnectorContracts());
        FrameworkAttributeCache.Keep();
    }

    private async Task HandleTurnErrorAsync(ITurnContext context, Exception exception)
    {
        LogTurnError(context.Activity?.Id, exception.GetType().Name);
        try
        {
            await context.SendActivityAsync(AnswerActivities.CardActivity(BotCards.NotReceived()));
        }
        catch (Exception sendFailure)
        {
            LogErrorCardFailed(sendFailure.GetType().Name);
        }

        // Rethrow so the request fails with 500 and Teams delivers the message again: it was not stored.
        throw new BotTurnFailedException(exception);
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error,
        Message = "Could not take activity {ActivityId} ({ExceptionType}); Teams will deliver it again")]
    private partial void LogTurnError(string? activityId, string exceptionType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Could not send the error card ({ExceptionType})")]
    private partial void LogErrorCardFailed(string exceptionType);
}
