namespace TeamsBot.Tests.TestUtils;

/// <summary>Which key signs a channel token minted by <see cref="OpenIdDouble"/>.</summary>
public enum ChannelTokenKey
{
    /// <summary>A key published in the JWKS with <c>endorsements: ["msteams"]</c>: the valid case.</summary>
    TeamsEndorsed,

    /// <summary>A published key whose endorsements do not include msteams (only <c>webchat</c>).</summary>
    NotEndorsedForTeams,

    /// <summary>A published key without any <c>endorsements</c> property.</summary>
    WithoutEndorsements,

    /// <summary>A private key that is not published, with the kid of the endorsed key: a forged signature.</summary>
    UnpublishedKeyWithKnownKid,

    /// <summary>A private key that is not published, with a kid the JWKS does not contain.</summary>
    UnpublishedKeyWithUnknownKid,

    /// <summary>The endorsed key, but a kid the JWKS does not contain (the validator may try all keys).</summary>
    PublishedKeyWithUnknownKid,
}
