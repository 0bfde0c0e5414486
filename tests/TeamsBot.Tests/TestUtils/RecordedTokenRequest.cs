namespace TeamsBot.Tests.TestUtils;

/// <summary>A client-credentials token request the bot made to <see cref="OpenIdDouble"/>.</summary>
public sealed record RecordedTokenRequest(
    string Path,
    string? GrantType,
    string? ClientId,
    bool ClientSecretMatched,
    string? Scope,
    int StatusCode,
    string? IssuedAccessToken);
