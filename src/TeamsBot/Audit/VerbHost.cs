using Microsoft.Extensions.Logging.Console;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>The host a maintenance verb (<c>audit</c>, <c>report</c>, <c>hold</c>) runs its services in.</summary>
internal static class VerbHost
{
    /// <summary>
    /// The web builder, never started: it reads configuration exactly as the app does (appsettings, environment name,
    /// ASPNETCORE_/DOTNET_ variables, user secrets in Development, command-line keys), so the verb sees the app's
    /// database. stdout is the verb's own; logs go to stderr, warnings and worse only.
    /// </summary>
    public static WebApplication Build(string[] configurationArgs, IReadOnlyDictionary<string, string?>? settings,
        Action<IServiceCollection> addServices)
    {
        ArgumentNullException.ThrowIfNull(addServices);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = configurationArgs });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Services.AddConversationStorage();
        addServices(builder.Services);
        return builder.Build();
    }
}
