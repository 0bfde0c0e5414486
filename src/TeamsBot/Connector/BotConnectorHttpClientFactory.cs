namespace TeamsBot.Connector;

/// <summary>
/// The <see cref="IHttpClientFactory"/> given to the Bot Framework. Its connector factory asks for the default
/// client (<c>CreateClient()</c>); this adapter answers every name with the <see cref="ClientName"/> client, whose
/// pipeline holds <see cref="ConnectorSendHandler"/>. The rest of the app keeps the plain default client.
/// </summary>
/// <remarks>
/// The Bot Framework uses the same factory for other calls too (OpenID metadata; the user token service would, but
/// <see cref="TeamsBot.Hosting.NoUserSignIn"/> keeps the SDK from calling it); the
/// handler recognises Bot Connector activity calls by their path and passes everything else through, so pacing and
/// retries never touch those. MSAL's token requests do not use this factory at all.
/// </remarks>
internal sealed class BotConnectorHttpClientFactory(IHttpClientFactory inner) : IHttpClientFactory
{
    public const string ClientName = "BotConnector";

    public HttpClient CreateClient(string name) => inner.CreateClient(ClientName);
}
