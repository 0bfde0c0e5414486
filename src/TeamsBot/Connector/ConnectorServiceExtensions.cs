using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsBot.Hosting;

namespace TeamsBot.Connector;

public static class ConnectorServiceExtensions
{
    /// <summary>
    /// Registers the paced, retrying Bot Connector HttpClient and <see cref="BotConnectorHttpClientFactory"/>, which
    /// hands it to the Bot Framework.
    /// </summary>
    public static IServiceCollection AddBotConnectorClient(this IServiceCollection services)
    {
        services.AddOptions<ConnectorOptions>().BindConfiguration(ConnectorOptions.SectionName)
            .ValidateDataAnnotationsByKey(ConnectorOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConnectorOptions>, ConnectorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        // One pacer for the app: its windows must outlive the handlers, which the factory recycles.
        services.AddSingleton<ConversationSendPacer>();
        services.AddTransient<ConnectorSendHandler>();
        services.AddHttpClient(BotConnectorHttpClientFactory.ClientName)
            // The handler bounds each attempt instead (Connector:AttemptTimeout).
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ConnectorSendHandler>();
        services.AddSingleton<BotConnectorHttpClientFactory>();
        return services;
    }
}
