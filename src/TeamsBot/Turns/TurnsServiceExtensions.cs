using Microsoft.Extensions.Options;

namespace TeamsBot.Turns;

public static class TurnsServiceExtensions
{
    /// <summary>The turn engine: leases, the worker that claims work, the proactive answerer. Needs the storage first.</summary>
    public static IServiceCollection AddTurnEngine(this IServiceCollection services)
    {
        services.AddOptions<TurnsOptions>().BindConfiguration(TurnsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TurnsOptions>, TurnsOptionsValidator>();
        services.AddSingleton<TurnLedger>();
        services.AddSingleton<TurnSignal>();
        services.AddSingleton<ProactiveAnswerer>();
        services.AddHostedService<TurnWorker>();
        services.AddSingleton<FileNotices>();
        services.AddHostedService<FileReadingWorker>();
        services.AddHostedService<FileIndexingWorker>();
        services.AddHostedService<ReembeddingWorker>();
        return services;
    }
}
