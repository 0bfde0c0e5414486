namespace TeamsBot.Tests.TestUtils;

/// <summary>One <see cref="OpenIdDouble"/> for a test class, on the shared test CA.</summary>
public sealed class OpenIdDoubleFixture : IAsyncLifetime, IDisposable
{
    public const string AppId = "0b6a3c8e-1f2d-4e5a-9b7c-8d6e5f4a3b21";
    public const string Password = "test-client-secret";

    public OpenIdDouble OpenId { get; private set; } = null!;

    /// <summary>An HttpClient that trusts the test CA (and nothing else).</summary>
    public HttpClient Http { get; } = new(TestCertificateAuthority.Shared.CreateTrustingHandler());

    public async Task InitializeAsync() =>
        OpenId = await OpenIdDouble.StartAsync(TestCertificateAuthority.Shared, AppId, Password, CancellationToken.None);

    public async Task DisposeAsync() => await OpenId.DisposeAsync();

    public void Dispose() => Http.Dispose();
}
