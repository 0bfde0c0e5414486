using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Functional;

/// <summary>
/// The real app in Development with the model and Bot Connector doubles and a OneDrive upload-session double on
/// loopback, the one upload host it allows. One process for the export tests.
/// </summary>
public sealed class FileExportBotFixture : IAsyncLifetime
{
    public const string BotAppId = "teamsbot-export";

    public ConnectorDouble Connector { get; private set; } = null!;

    public ModelServerDouble Model { get; private set; } = null!;

    public UploadSessionDouble OneDrive { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await ConnectorDouble.StartAsync(CancellationToken.None);
        Model = await ModelServerDouble.StartAsync(CancellationToken.None);
        OneDrive = await UploadSessionDouble.StartAsync(CancellationToken.None);
        var options = new BotProcessOptions();
        options.AnsweredBy(Model);
        options.Environment["Policy__AllowedTenants__0"] = TeamsActivities.TenantId;
        options.Environment["Export__AllowedUploadHosts__0"] = "127.0.0.1";
        // The smallest chunk OneDrive takes, so a file of a few hundred KB goes in several requests.
        options.Environment["Export__UploadChunkBytes"] = "327680";
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

            if (OneDrive is not null)
            {
                await OneDrive.DisposeAsync();
            }

            if (Connector is not null)
            {
                await Connector.DisposeAsync();
            }
        }
    }
}
