namespace TeamsBot.Pipeline;

public static class PipelineServiceExtensions
{
    public static IServiceCollection AddTurnPipeline(this IServiceCollection services)
    {
        foreach (var stage in TurnPipeline.Stages)
        {
            services.AddSingleton(stage);
        }

        services.AddSingleton<TurnPipeline>();
        return services;
    }
}
