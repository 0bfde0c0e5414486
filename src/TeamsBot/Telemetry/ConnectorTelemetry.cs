using System.Diagnostics;

namespace TeamsBot.Telemetry;

/// <summary>
/// The span around one Bot Connector call with all its attempts; each attempt is an HTTP client span beneath it.
/// </summary>
internal static class ConnectorTelemetry
{
    public static Activity? StartSend(HttpRequestMessage request)
    {
        var activity = TeamsBotDiagnostics.Source.StartActivity("connector " + request.Method.Method);
        activity?.SetTag("http.request.method", request.Method.Method);
        return activity;
    }

    public static void Attempt(Activity? activity, int attempt) => activity?.SetTag(TelemetryTags.ConnectorAttempts, attempt);

    public static void Retrying(Activity? activity, int status, int attempt)
    {
        activity?.AddEvent(new ActivityEvent("retry", tags: new ActivityTagsCollection
        {
            [TelemetryTags.HttpStatus] = status,
            [TelemetryTags.ConnectorAttempts] = attempt,
        }));
        TeamsBotDiagnostics.ConnectorRetries.Add(1, new KeyValuePair<string, object?>(TelemetryTags.HttpStatus, status));
    }
}
