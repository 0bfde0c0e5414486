using System.Globalization;
using TeamsBot.Model;

namespace TeamsBot.Cards;

public static class ModelFailureCards
{
    public static AdaptiveCard For(ModelFailure failure) => failure.Kind switch
    {
        ModelFailureKind.NotConfigured => BotCards.Problem("The model is not configured",
            "This TeamsBot has no private model connected yet, so it cannot answer.",
            "Ask your administrator to set Model:Provider (AzureOpenAI or OpenAI), Model:Endpoint and "
            + "Model:Deployment, and Model:ApiKey if the server needs one."),
        ModelFailureKind.Unreachable => BotCards.Problem("The model can't be reached",
            "The company's model server did not accept the connection.",
            "Try again in a few minutes. If it persists, tell your IT team the model server looks down."),
        ModelFailureKind.Timeout => BotCards.Problem("The model took too long",
            "No answer arrived in time, so I stopped waiting.",
            "Try again, perhaps with a shorter or simpler question."),
        ModelFailureKind.Throttled => BotCards.Problem("The model is busy",
            "The company's model is handling too many requests right now.",
            failure.RetryAfter is { } wait
                ? string.Create(CultureInfo.InvariantCulture, $"Try again in about {Describe(wait)}.")
                : "Try again in a minute."),
        ModelFailureKind.PromptFiltered => BotCards.Problem("Your message was blocked by the content filter",
            "The model's safety filter refused this request.",
            "Rephrase the message and try again. Contact your IT team if you think this is wrong."),
        ModelFailureKind.AnswerFiltered => BotCards.Problem("The answer was blocked by the content filter",
            "The model's safety filter stopped the answer before it was complete.",
            "Rephrase the question and try again."),
        ModelFailureKind.ContextTooLong => BotCards.Problem("The conversation is too long for the model",
            "The model refused the request because it exceeds its context length.",
            "Start a new chat, or send a shorter message.", offerNewChat: true),
        ModelFailureKind.Unauthorized => BotCards.Problem("TeamsBot is not allowed to use the model",
            "The model server refused TeamsBot's credentials.",
            "Ask your administrator to check Model:ApiKey or the managed identity's role on the model resource."),
        ModelFailureKind.DeploymentNotFound => BotCards.Problem("The model deployment was not found",
            "The model server does not know the configured deployment or model name.",
            "Ask your administrator to check Model:Deployment and Model:Endpoint."),
        _ => BotCards.Problem("The model failed",
            "The company's model server answered with an error.",
            "Try again in a minute. If it keeps happening, tell your IT team."),
    };

    /// <summary>
    /// Sent once when a message starts waiting for a model that refuses requests: the answer follows by itself, and
    /// the user need not (and should not) send the message again.
    /// </summary>
    public static AdaptiveCard WaitingForModel(TimeSpan outageWait) =>
        BotCards.Problem("The model is busy: your answer will follow",
            "The company's model is not taking requests right now. I have kept your message and will answer it here "
            + "as soon as the model is back.",
            string.Create(CultureInfo.InvariantCulture,
                $"No need to send it again. If the model is not back within {Describe(outageWait)}, I will tell you."));

    /// <summary>The message waited <c>Model:OutageWait</c> and the model is still refusing: it will not be answered.</summary>
    public static AdaptiveCard OutageWaitOver(TimeSpan outageWait) =>
        BotCards.Problem("The model did not come back in time",
            $"Your message waited {Describe(outageWait)} for the company's model, which is still not taking "
            + "requests, so it will not be answered.",
            "Send it again later. If this keeps happening, tell your IT team that the model is unavailable.");

    private static string Describe(TimeSpan wait) =>
        wait < TimeSpan.FromMinutes(2)
            ? string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds")
            : wait < TimeSpan.FromHours(2)
                ? string.Create(CultureInfo.InvariantCulture, $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes")
                : wait.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " hours";
}
