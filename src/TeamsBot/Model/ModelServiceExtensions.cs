using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using TeamsBot.Hosting;
using TeamsBot.Identity;
using TeamsBot.Telemetry;

namespace TeamsBot.Model;

public static class ModelServiceExtensions
{
    public static IServiceCollection AddPrivateModel(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName)
            .ValidateDataAnnotationsByKey(ModelOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddAzureCredential();
        services.AddSingleton<ITokenCounter, TiktokenTokenCounter>();
        // One breaker: this instance calls one model endpoint.
        services.AddSingleton<ModelCircuitBreaker>();
        services.AddSingleton(sp => new ChatClientBuilder(ChatClientFactory.Create(sp))
            // GenAI spans and metrics (model, tokens, finish reason, duration). Content is never recorded, whatever
            // OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT says: prompts and answers are the users' data.
            .UseOpenTelemetry(sp.GetService<ILoggerFactory>(), TeamsBotDiagnostics.Name,
                otel => otel.EnableSensitiveData = false)
            .Build(sp));
        return services;
    }
}
