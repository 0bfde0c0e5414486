using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app in Development (anonymous on loopback) with the model and Bot Connector doubles, a tenant rule, one
/// blocked user and a usage policy address. One process for the collection.
/// </summary>
public sealed class DevelopmentBotFixture : IAsyncLifetime
{
    /// <summary>The bot's app id; activities are addressed to <c>28:</c> + this.</summary>
    public const string BotAppId = "teamsbot-dev";
    public const string BlockedUserId = "0b5c4f7e-1d2a-4c3b-9e8f-7a6b5c4d3e2f";
    public const string OtherTenantId = "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f";
    public static readonly Uri PolicyUrl = new("https://intranet.contoso.example/ai-use-policy");

    public ConnectorDouble Connector { get; private set; } = null!;

    public ModelServerDouble Model { get; private set; } = null!;

    public DownloadServerDouble Downloads { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await ConnectorDouble.StartAsync(CancellationToken.None);
        Model = await ModelServerDouble.StartAsync(CancellationToken.None);
        Downloads = await DownloadServerDouble.StartAsync(CancellationToken.None);
        var options = new BotProcessOptions();
        options.AnsweredBy(Model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Policy__BlockedUsers__0"] = BlockedUserId;
        options.Environment["Policy__PolicyUrl"] = PolicyUrl.ToString();
        // The download double plays SharePoint on loopback.
        options.Environment["Knowledge__AllowedDownloadHosts__0"] = "127.0.0.1";
        Bot = await BotProcess.StartAsync(options, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (Bot is not null)
            {
                await Bot.DisposeAsync();
            }
        }
        finally
        {
            if (Model is not null)
            {
                await Model.DisposeAsync();
            }

            if (Downloads is not null)
            {
                await Downloads.DisposeAsync();
            }

            if (Connector is not null)
            {
                await Connector.DisposeAsync();
            }
        }
    }
}
