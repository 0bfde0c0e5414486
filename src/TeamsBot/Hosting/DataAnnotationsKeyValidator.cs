using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace TeamsBot.Hosting;

/// <summary>
/// The options classes' <c>[Range]</c> attributes, reported by configuration key (<c>Model:Temperature must be
/// between 0 and 2.</c>) rather than by C# member, which is all an administrator can act on.
/// </summary>
internal sealed class DataAnnotationsKeyValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
    where TOptions : class
{
    private static readonly PropertyInfo[] Properties = typeof(TOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.GetCustomAttributes<ValidationAttribute>().Any())
        .ToArray();

    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var property in Properties)
        {
            var key = sectionName.Length == 0 ? property.Name : sectionName + ":" + property.Name;
            var value = property.GetValue(options);
            failures.AddRange(property.GetCustomAttributes<ValidationAttribute>()
                .Where(attribute => !attribute.IsValid(value))
                .Select(attribute => MessageFor(attribute, key)));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static string MessageFor(ValidationAttribute attribute, string key) => attribute switch
    {
        RangeAttribute range => string.Create(CultureInfo.InvariantCulture,
            $"{key} must be between {range.Minimum} and {range.Maximum}."),
        _ => attribute.FormatErrorMessage(key),
    };
}
