using Microsoft.Extensions.Options;
using TeamsBot.Identity;
using TeamsBot.Hosting;

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
        services.AddSingleton(ChatClientFactory.Create);
        return services;
    }
}
