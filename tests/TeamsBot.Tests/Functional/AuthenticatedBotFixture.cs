using System.Text.Json.Nodes;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app in Production with Bot Framework authentication on (MultiTenant, app id + password), pointed at
/// the OpenID/token double over HTTPS, answering through the connector double (which accepts only bearer tokens
/// the token double issued) with the model double behind it. One process for the whole collection.
/// </summary>
public sealed class AuthenticatedBotFixture : IAsyncLifetime
{
    public const string AppId = "5c1f3e0a-7d2b-4c6e-8a9f-0b1c2d3e4f5a";
    public const string ModelApiKey = "model-test-key";
    private const string AppPassword = "bot-test-client-secret";

    public OpenIdDouble OpenId { get; private set; } = null!;

    public ConnectorDouble Connector { get; private set; } = null!;

    public ModelServerDouble Model { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    /// <summary>Environment for an authenticated app pointed at these doubles (for tests that start their own).</summary>
    public static BotProcessOptions CreateOptions(
        OpenIdDouble openId,
        ModelServerDouble model,
        string appType = "MultiTenant",
        string? tenantId = null)
    {
        ArgumentNullException.ThrowIfNull(openId);
        ArgumentNullException.ThrowIfNull(model);
        var options = new BotProcessOptions { EnvironmentName = "Production" };
        foreach (var (key, value) in openId.BotFrameworkEnvironment(TestCertificateAuthority.Shared, appType, tenantId))
        {
            options.Environment[key] = value;
        }

        options.Environment["Model__Provider"] = "OpenAI";
        options.Environment["Model__Endpoint"] = model.OpenAIEndpoint.ToString();
        options.Environment["Model__Deployment"] = "gpt-4o-mini-test";
        options.Environment["Model__ApiKey"] = ModelApiKey;
        // The connector doubles listen on 127.0.0.1 (plain http, allowed only for a loopback host named here).
        options.Environment["Connector__AllowedServiceUrlHosts__0"] = "127.0.0.1";
        // Production refuses to start without a tenant rule; the activities come from this tenant.
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        return options;
    }

    public static Task<OpenIdDouble> StartOpenIdAsync(CancellationToken cancellationToken) =>
        OpenIdDouble.StartAsync(TestCertificateAuthority.Shared, AppId, AppPassword, cancellationToken);

    public async Task InitializeAsync()
    {
        try
        {
            OpenId = await StartOpenIdAsync(CancellationToken.None);
            Connector = await ConnectorDouble.StartAsync(CancellationToken.None);
            Connector.AuthorizationCheck = OpenId.IsIssuedBearer;
            Connector.AddMember(TeamsActivities.UserMember());
            Model = await ModelServerDouble.StartAsync(CancellationToken.None);
            Model.RequiredApiKey = ModelApiKey;
            Bot = await BotProcess.StartAsync(CreateOptions(OpenId, Model), CancellationToken.None);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Posts an activity as the Bot Connector would: with a valid channel token for the connector's URL.</summary>
    public Task<HttpResponseMessage> PostSignedAsync(JsonObject activity)
    {
        var token = OpenId.CreateChannelToken(new ChannelTokenOptions { ServiceUrl = Connector.ServiceUrl.ToString() });
        return Bot.PostActivityAsync(activity, token, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        // Reverse order; each part is disposed even if an earlier one fails.
        try
        {
            if (Bot is not null)
            {
                await Bot.DisposeAsync();
            }
        }
        finally
        {
            try
            {
                if (Model is not null)
                {
                    await Model.DisposeAsync();
                }

                if (Connector is not null)
                {
                    await Connector.DisposeAsync();
                }
            }
            finally
            {
                if (OpenId is not null)
                {
                    await OpenId.DisposeAsync();
                }
            }
        }
    }
}
