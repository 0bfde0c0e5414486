namespace TeamsBot.Telemetry;

/// <summary>Attribute names on the app's spans and metrics. Values are ids, names and outcomes only.</summary>
internal static class TelemetryTags
{
    public const string TurnId = "teamsbot.turn.id";
    public const string TenantId = "teamsbot.tenant.id";
    public const string Scope = "teamsbot.conversation.scope";
    public const string Outcome = "teamsbot.turn.outcome";
    public const string Reason = "teamsbot.turn.reason";
    public const string Stage = "teamsbot.stage";
    public const string Detector = "teamsbot.dlp.detector";
    public const string QuotaRule = "teamsbot.quota.rule";
    public const string ConnectorAttempts = "teamsbot.connector.attempts";
    public const string HttpStatus = "http.response.status_code";

    /// <summary>The model endpoint's host name (OpenTelemetry's semantic convention).</summary>
    public const string ServerAddress = "server.address";
}
