using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TeamsBot.Storage;

namespace TeamsBot.Tests.Telemetry;

/// <summary>
/// The real app in this process (Development, anonymous), on its own temp SQLite file, configured only through
/// settings; the model and Bot Connector are the real-HTTP doubles. Telemetry settings are cleared unless given, so
/// what the developer's shell exports does not leak in.
/// </summary>
internal sealed class InProcessBotFactory(IReadOnlyDictionary<string, string> settings,
    Action<IServiceCollection>? configureServices = null) : WebApplicationFactory<Program>
{
    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-otel-").FullName;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("OTEL_EXPORTER_OTLP_ENDPOINT", string.Empty);
        builder.UseSetting("APPLICATIONINSIGHTS_CONNECTION_STRING", string.Empty);
        builder.UseSetting("MicrosoftAppId", string.Empty);
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:ConnectionString", $"Data Source={Path.Combine(_folder, "teamsbot.db")}");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqlitePoolGate.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}
