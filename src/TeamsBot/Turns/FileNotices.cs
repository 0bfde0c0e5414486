using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;
using Newtonsoft.Json;
using TeamsBot.Bot;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Hosting;

namespace TeamsBot.Turns;

/// <summary>
/// Cards about a file sent after its request ended (it is ready, refused, or could not be read to the end), proactively
/// into the personal chat it came in, as a reply to the message that carried it.
/// </summary>
internal sealed partial class FileNotices(
    CloudAdapter adapter,
    IOptions<BotAuthenticationOptions> identity,
    IOptionsMonitor<StreamingOptions> streaming,
    TimeProvider clock,
    ILogger<FileNotices> logger)
{
    /// <summary>Best effort: what became of the file holds whether or not the card reaches the chat.</summary>
    public async Task SendAsync(string referenceJson, string activityId, string? userId, AdaptiveCard card,
        CancellationToken cancellationToken)
    {
        try
        {
            var reference = JsonConvert.DeserializeObject<ConversationReference>(referenceJson)!;
            await adapter.ContinueConversationAsync(identity.Value.MicrosoftAppId ?? string.Empty, reference,
                async (context, ct) =>
                {
                    context.OnSendActivities((_, activities, next) =>
                    {
                        activities.ForEach(a => a.ReplyToId = activityId);
                        return next();
                    });
                    await using var reply = new TurnContextReplyChannel(context,
                        new ReplyAudience(ConversationScope.Personal, userId, null), streaming.CurrentValue, clock, logger);
                    await reply.SendCardAsync(card, ct);
                }, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            string cause = exception.GetType().Name;
            LogNotSent(cause);
        }
    }

    [LoggerMessage(EventId = 1932, Level = LogLevel.Warning,
        Message = "A card about a received file could not be sent ({ExceptionType})")]
    private partial void LogNotSent(string exceptionType);
}
