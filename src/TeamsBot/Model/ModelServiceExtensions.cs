using Microsoft.Extensions.Options;
using TeamsBot.Identity;

namespace TeamsBot.Model;

public static class ModelServiceExtensions
{
    public static IServiceCollection AddPrivateModel(this IServiceCollection services)
    {
        services.AddOptions<ModelOptions>().BindConfiguration(ModelOptions.SectionName)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<ModelOptions>, ModelOptionsValidator>();
        services.AddAzureCredential();
        services.AddSingleton<ITokenCounter, TiktokenTokenCounter>();
        services.AddSingleton(ChatClientFactory.Create);
        return services;
    }
}
