using Microsoft.Extensions.Options;

namespace TeamsBot.Hosting;

internal static class OptionsBuilderExtensions
{
    /// <summary>Like <c>ValidateDataAnnotations</c>, with failures that name the configuration key.</summary>
    public static OptionsBuilder<TOptions> ValidateDataAnnotationsByKey<TOptions>(this OptionsBuilder<TOptions> builder,
        string sectionName)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IValidateOptions<TOptions>>(new DataAnnotationsKeyValidator<TOptions>(sectionName));
        return builder;
    }
}
