using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Knobs for a Bot Framework channel-to-bot token. Defaults describe a valid Teams token.</summary>
public sealed record ChannelTokenOptions
{
    /// <summary>Audience; null means the bot app id the double was started with.</summary>
    public string? Audience { get; init; }

    /// <summary>Issuer; null means <see cref="OpenIdDouble.ChannelIssuer"/>.</summary>
    public string? Issuer { get; init; }

    /// <summary>The <c>serviceurl</c> claim; null leaves the claim out.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>Expiry; null means one hour from now.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>Not-before; null means five minutes ago.</summary>
    public DateTimeOffset? NotBefore { get; init; }

    public ChannelTokenKey Key { get; init; } = ChannelTokenKey.TeamsEndorsed;

    /// <summary>RS256 (default), RS384, RS512, PS256, or HS256/HS384/HS512 (HMAC with a random secret).</summary>
    public string Algorithm { get; init; } = "RS256";

    /// <summary>Extra claims added to (or replacing) the payload.</summary>
    public IReadOnlyDictionary<string, JsonNode?>? AdditionalClaims { get; init; }
}
