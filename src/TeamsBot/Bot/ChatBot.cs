using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Options;
using Newtonsoft.Json.Linq;
using TeamsBot.Cards;
using TeamsBot.Commands;
using TeamsBot.Export;
using TeamsBot.Feedback;
using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Policy;
using TeamsBot.Receipt;
using TeamsBot.Reports;
using TeamsBot.Turns;
using TeamsBot.Welcome;

namespace TeamsBot.Bot;

/// <summary>
/// The inbound activity router. On receipt it checks admission, has DLP scan the message and stores only the redacted
/// text, wakes this instance's turn worker, and returns at once (Teams re-delivers what is not acknowledged within
/// ~15 s) after queueing a typing indicator (<see cref="ReceiptTyping"/>); the answer is sent later, proactively, by
/// whichever instance claims the conversation (<see cref="Turns.TurnWorker"/>). Refusals and commands at receipt are
/// answered in the request.
/// </summary>
internal sealed partial class ChatBot(
    Admission admission,
    MessageReceipt receipt,
    FileReceipt files,
    CommandService commands,
    KnowledgeCommands knowledgeCommands,
    AdminReportCommand adminReports,
    AdminHoldCommand adminHolds,
    Knowledge.Collections.AdminCollectionCommand adminCollections,
    FeedbackService feedback,
    FileExportService fileExport,
    WelcomeService welcome,
    TurnSignal signal,
    ReceiptTyping typing,
    IOptionsMonitor<StreamingOptions> streaming,
    TimeProvider clock,
    ILogger<ChatBot> logger) : TeamsActivityHandler
{
    protected override async Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext,
        CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (!IncomingMessageReader.AddressesBot(activity))
        {
            LogNotAddressed(activity.Id);
            return;
        }

        var message = IncomingMessageReader.Read(activity, clock.GetUtcNow().UtcDateTime);
        var admitted = await admission.CheckAsync(message.TenantId, message.UserId, message.Scope, cancellationToken);
        if (!admitted.IsAdmitted)
        {
            // Questions, commands and card buttons alike: the refusal, and nothing stored or shown.
            await receipt.RecordRefusalAsync(message, admitted, cancellationToken);
            await SendNowAsync(turnContext, message, [admitted.RefusalCard!], cancellationToken);
            return;
        }

        if (FileAttachmentReader.Read(activity) is { Count: > 0 } attached)
        {
            // Only the cheap checks run now, each file answered with its own card; a question sent with them goes on.
            // The accepted files are read in the background, handed over after the cards went, so a refusal or
            // "ready" never arrives before "reading".
            var taken = await files.ReceiveAsync(message, attached, admitted.Policy, cancellationToken);
            try
            {
                await SendNowAsync(turnContext, message, taken.Cards, cancellationToken);
            }
            finally
            {
                files.StartReading(taken.Jobs);
            }

            if (message.Text.Trim().Length == 0)
            {
                return;
            }
        }

        if (message.Scope == ConversationScope.Personal
            && CommandService.Parse(message, CardVerbOf(activity)) == BotCommands.Export)
        {
            LogCommand(activity.Id);
            await OfferExportAsync(turnContext, message, cancellationToken);
            return;
        }

        if ((await commands.TryHandleAsync(message, CardVerbOf(activity), admitted, cancellationToken)
                ?? await knowledgeCommands.TryHandleAsync(message, cancellationToken)
                ?? await adminReports.TryHandleAsync(message, cancellationToken)
                ?? await adminHolds.TryHandleAsync(message, cancellationToken)
                ?? await adminCollections.TryHandleAsync(message, cancellationToken)) is { } answers)
        {
            LogCommand(activity.Id);
            await SendNowAsync(turnContext, message, answers, cancellationToken);
            return;
        }

        var received = await receipt.ReceiveAsync(message, admitted.Policy, cancellationToken);
        if (received.Refusal is not null)
        {
            await SendNowAsync(turnContext, message, [received.Refusal], cancellationToken);
            return;
        }

        if (received.TurnId is not { } turnId)
        {
            LogDuplicate(activity.Id);
            return;
        }

        LogReceived(turnId, message.Scope, message.Text.Length);
        signal.Wake();
        // The user sees at once that the message was taken, even while every worker slot is busy.
        typing.Queue(message.ConversationId, turnId, activity.GetConversationReference());
    }

    /// <summary>Like/dislike on an answer: stored, and always acknowledged with 200 <c>{}</c> unless malformed.</summary>
    protected override async Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext,
        CancellationToken cancellationToken)
    {
        var activity = turnContext.Activity;
        if (activity.Name != FeedbackInvokeReader.InvokeName)
        {
            return await base.OnInvokeActivityAsync(turnContext, cancellationToken);
        }

        if (FeedbackInvokeReader.Read(activity) is not { } submission)
        {
            LogFeedbackMalformed(activity.Id);
            return new InvokeResponse { Status = StatusCodes.Status400BadRequest };
        }

        try
        {
            await feedback.SaveAsync(submission, IncomingMessageReader.ScopeOf(activity.Conversation), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The adapter's error card says a message could not be answered, which is wrong here: Teams itself
            // tells the user that the feedback failed.
            LogFeedbackFailed(activity.Id, exception.GetType().Name);
            return new InvokeResponse { Status = StatusCodes.Status500InternalServerError };
        }

        // Refused or unmatched feedback is acknowledged too: Teams shows the user an error for anything but 200.
        return new InvokeResponse { Status = StatusCodes.Status200OK, Body = new JObject() };
    }

    /// <summary>
    /// Allow on the export's consent card: the sender must still be admitted and the card's token must be theirs; the
    /// file is then built and uploaded, and its card sent. Teams gets 200 from the base class.
    /// </summary>
    protected override async Task OnTeamsFileConsentAcceptAsync(ITurnContext<IInvokeActivity> turnContext,
        FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        var answer = FileConsentInvokeReader.Read(turnContext.Activity, fileConsentCardResponse);
        var admitted = await admission.CheckAsync(answer.TenantId, answer.UserId, ConversationScope.Personal,
            cancellationToken);
        if (!admitted.IsAdmitted)
        {
            await turnContext.SendActivityAsync(AnswerActivities.CardActivity(admitted.RefusalCard!), cancellationToken);
            return;
        }

        var outcome = await fileExport.DeliverAsync(answer.TenantId, answer.UserId, answer.Token, answer.UploadUrl,
            cancellationToken);
        await turnContext.SendActivityAsync(outcome switch
        {
            ExportDeliveryOutcome.Uploaded => FileConsentActivities.FileInfo(answer),
            ExportDeliveryOutcome.HostNotAllowed => AnswerActivities.CardActivity(ExportCards.UploadHostNotAllowed()),
            ExportDeliveryOutcome.UploadFailed => AnswerActivities.CardActivity(ExportCards.UploadFailed()),
            _ => AnswerActivities.CardActivity(ExportCards.Expired()),
        }, cancellationToken);
    }

    /// <summary>Decline on the export's consent card: nothing is built or sent; the cards in the chat are offered.</summary>
    protected override async Task OnTeamsFileConsentDeclineAsync(ITurnContext<IInvokeActivity> turnContext,
        FileConsentCardResponse fileConsentCardResponse, CancellationToken cancellationToken)
    {
        LogExportDeclined(turnContext.Activity.Id);
        await turnContext.SendActivityAsync(AnswerActivities.CardActivity(ExportCards.Declined()), cancellationToken);
    }

    protected override Task OnInstallationUpdateAddAsync(ITurnContext<IInstallationUpdateActivity> turnContext,
        CancellationToken cancellationToken) =>
        WelcomeAsync(turnContext, cancellationToken);

    /// <summary>
    /// Only the bot's own arrival matters here. The base class would also look up every added person at the Bot
    /// Connector, and fail the turn when that look-up fails.
    /// </summary>
    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext,
        CancellationToken cancellationToken) =>
        InstallEventReader.AddsBot(turnContext.Activity) ? WelcomeAsync(turnContext, cancellationToken) : Task.CompletedTask;

    private async Task WelcomeAsync(ITurnContext turnContext, CancellationToken cancellationToken)
    {
        var request = InstallEventReader.Read(turnContext.Activity);
        if (await welcome.ClaimAsync(request, cancellationToken) is not { } card)
        {
            return;
        }

        try
        {
            await turnContext.SendActivityAsync(AnswerActivities.CardActivity(card),
                cancellationToken);
        }
        catch (Exception exception)
        {
            // Not welcomed after all: the next install event (or page reload) tries again.
            LogWelcomeFailed(request.ConversationId, exception.GetType().Name);
            await welcome.ReleaseAsync(request.ConversationId, CancellationToken.None);
        }
    }

    /// <summary>The export's consent card; with nothing stored, a card saying so.</summary>
    private async Task OfferExportAsync(ITurnContext turnContext, IncomingMessage message,
        CancellationToken cancellationToken)
    {
        var offer = await fileExport.OfferAsync(message.TenantId, message.UserId, cancellationToken);
        if (offer.Token is null)
        {
            await SendNowAsync(turnContext, message, CommandCards.Export([]), cancellationToken);
            return;
        }

        await turnContext.SendActivityAsync(FileConsentActivities.ConsentCard(offer), cancellationToken);
    }

    /// <summary>Answers in the request: commands and refusals at receipt.</summary>
    private async Task SendNowAsync(ITurnContext turnContext, IncomingMessage message, IReadOnlyList<AdaptiveCard> cards,
        CancellationToken cancellationToken)
    {
        await using var reply = new TurnContextReplyChannel(turnContext,
            new ReplyAudience(message.Scope, message.UserId, message.UserName), streaming.CurrentValue, clock, logger);
        foreach (var card in cards)
        {
            await reply.SendCardAsync(card, cancellationToken);
        }
    }

    private static string? CardVerbOf(IMessageActivity activity) =>
        activity.Value is JObject value ? value.Value<string>(CardVerbs.Key) : null;

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information,
        Message = "Turn {TurnId} received ({Scope}, {Length} chars)")]
    private partial void LogReceived(long turnId, ConversationScope scope, int length);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Debug,
        Message = "Activity {ActivityId} in a shared space does not mention the bot; not stored, not answered")]
    private partial void LogNotAddressed(string activityId);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Information, Message = "Activity {ActivityId} was a command")]
    private partial void LogCommand(string activityId);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information,
        Message = "Activity {ActivityId} was delivered again; it is answered once")]
    private partial void LogDuplicate(string activityId);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Warning,
        Message = "Feedback invoke {ActivityId} was malformed; answered 400, nothing stored")]
    private partial void LogFeedbackMalformed(string activityId);

    [LoggerMessage(EventId = 1223, Level = LogLevel.Error,
        Message = "Feedback invoke {ActivityId} could not be stored ({ExceptionType})")]
    private partial void LogFeedbackFailed(string activityId, string exceptionType);

    [LoggerMessage(EventId = 1224, Level = LogLevel.Information,
        Message = "Export consent invoke {ActivityId} declined; nothing sent")]
    private partial void LogExportDeclined(string activityId);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning,
        Message = "Could not send the welcome card to conversation {ConversationId} ({ExceptionType}); a later event retries")]
    private partial void LogWelcomeFailed(string conversationId, string exceptionType);
}
