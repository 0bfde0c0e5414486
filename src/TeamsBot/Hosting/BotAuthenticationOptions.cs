namespace TeamsBot.Hosting;

/// <summary>
/// The Bot Framework's own root-level keys, read by ConfigurationBotFrameworkAuthentication; bound here only so they
/// are validated at startup.
/// </summary>
public sealed class BotAuthenticationOptions
{
    public const string SectionName = "";

    /// <summary>MultiTenant, SingleTenant or UserAssignedMsi.</summary>
    public string MicrosoftAppType { get; set; } = "MultiTenant";

    public string? MicrosoftAppId { get; set; }

    public string? MicrosoftAppPassword { get; set; }

    public string? MicrosoftAppTenantId { get; set; }

    public bool IsAnonymous => string.IsNullOrWhiteSpace(MicrosoftAppId);
}
