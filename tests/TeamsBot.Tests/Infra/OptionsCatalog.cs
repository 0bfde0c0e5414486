using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace TeamsBot.Tests.Infra;

/// <summary>
/// The app's options classes, found by reflection: every type that declares <c>public const string SectionName</c>.
/// A class with <c>SectionName = ""</c> holds root keys (the Bot Framework's MicrosoftAppId and friends).
/// Used to check that an App Service setting name (Section__Property__Child, "__" for ":") binds to a real option,
/// the way Microsoft.Extensions.Configuration's binder would: case-insensitive names, nested classes, dictionaries
/// (any key), and lists/arrays (numeric index).
/// </summary>
public sealed class OptionsCatalog
{
    private readonly List<(string Section, Type Type)> sections;

    public OptionsCatalog(IEnumerable<Type> optionsTypes)
    {
        sections = [.. optionsTypes.Select(t => (SectionNameOf(t) ?? throw new ArgumentException($"{t} has no const SectionName", nameof(optionsTypes)), t))];
    }

    public IReadOnlyList<Type> Types => [.. sections.Select(s => s.Type)];

    /// <summary>Options classes of the app: types in <paramref name="assembly"/> with a const string SectionName.</summary>
    public static OptionsCatalog FromAssembly(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException ex)
        {
            types = [.. ex.Types.OfType<Type>()];
        }

        return new OptionsCatalog(types.Where(t => SectionNameOf(t) is not null));
    }

    /// <summary>Null when <paramref name="settingName"/> binds to an option; otherwise why it does not.</summary>
    public string? Explain(string settingName)
    {
        if (settingName.Length == 0 || settingName.Any(char.IsWhiteSpace))
        {
            return "the name is empty or contains whitespace, so it never binds";
        }

        var segments = settingName.Split("__");
        if (segments.Any(s => s.Length == 0))
        {
            return "the name has an empty segment (\"___\" or a leading/trailing \"__\")";
        }

        var reasons = new List<string>();

        // Longest section first: "Policy__Quotas__X" may be section "Policy:Quotas" or section "Policy" → Quotas → X.
        // Root classes (SectionName "") only take names without "__".
        var shortest = segments.Length == 1 ? 0 : 1;
        for (var length = segments.Length - 1; length >= shortest; length--)
        {
            var section = string.Join(':', segments[..length]);
            foreach (var (_, type) in sections.Where(s => string.Equals(s.Section, section, StringComparison.OrdinalIgnoreCase)))
            {
                var reason = Walk(type, segments[length..]);
                if (reason is null)
                {
                    return null;
                }

                reasons.Add($"section \"{section}\" ({type.Name}): {reason}");
            }
        }

        if (reasons.Count == 0)
        {
            return segments.Length == 1
                ? "no options class with SectionName \"\" (root keys) exists"
                : $"no options class has SectionName \"{segments[0]}\" (or a longer \"{segments[0]}:…\" prefix of this name)";
        }

        return string.Join("; ", reasons);
    }

    private static string? Walk(Type type, string[] path)
    {
        var current = type;
        var walked = current.Name;
        foreach (var segment in path)
        {
            current = Nullable.GetUnderlyingType(current) ?? current;
            if (IsScalar(current))
            {
                return $"{walked} is a single value; it has no child \"{segment}\"";
            }

            if (TryGetDictionaryValueType(current, out var valueType))
            {
                current = valueType;
            }
            else if (TryGetElementType(current, out var elementType))
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                {
                    return $"{walked} is a list; its items are addressed by index (__0, __1, …), not \"{segment}\"";
                }

                current = elementType;
            }
            else
            {
                var property = current.GetProperty(segment, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
                if (property is null || property.GetIndexParameters().Length > 0)
                {
                    return $"{current.Name} has no public property \"{segment}\"";
                }

                var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
                if (property.SetMethod is not { IsPublic: true } && IsScalar(propertyType))
                {
                    return $"{current.Name}.{property.Name} has no public setter, so the binder cannot set it";
                }

                current = property.PropertyType;
            }

            walked = $"{walked}.{segment}";
        }

        current = Nullable.GetUnderlyingType(current) ?? current;
        if (IsScalar(current))
        {
            return null;
        }

        if (TryGetDictionaryValueType(current, out _))
        {
            return $"{walked} is a dictionary; add a key segment (…__Key)";
        }

        return TryGetElementType(current, out _)
            ? $"{walked} is a list; a value set on the list itself is ignored: use {walked.Split('.')[^1]}__0, __1, …"
            : $"{walked} is a section ({current.Name}), not a value";
    }

    private static string? SectionNameOf(Type type)
        => type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
            && field.FieldType == typeof(string)
                ? (string?)field.GetRawConstantValue()
                : null;

    private static bool IsScalar(Type type)
        => type.IsPrimitive
            || type.IsEnum
            || type == typeof(string)
            || type == typeof(decimal)
            || type == typeof(Guid)
            || type == typeof(TimeSpan)
            || type == typeof(DateTime)
            || type == typeof(DateTimeOffset)
            || type == typeof(DateOnly)
            || type == typeof(TimeOnly)
            || type == typeof(Uri)
            || type == typeof(Version)
            || (!type.IsInterface && !type.IsAbstract && type != typeof(object)
                && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
                && TypeDescriptor.GetConverter(type) is var converter
                && converter.GetType() != typeof(TypeConverter)
                && converter.CanConvertFrom(typeof(string)));

    private static bool TryGetDictionaryValueType(Type type, out Type valueType)
    {
        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType
                && (candidate.GetGenericTypeDefinition() == typeof(IDictionary<,>) || candidate.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
                && candidate.GetGenericArguments()[0] == typeof(string))
            {
                valueType = candidate.GetGenericArguments()[1];
                return true;
            }
        }

        valueType = typeof(object);
        return false;
    }

    private static bool TryGetElementType(Type type, out Type elementType)
    {
        if (type.IsArray)
        {
            elementType = type.GetElementType()!;
            return true;
        }

        foreach (var candidate in type.GetInterfaces().Prepend(type))
        {
            if (candidate.IsGenericType && candidate.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            {
                elementType = candidate.GetGenericArguments()[0];
                return true;
            }
        }

        elementType = typeof(object);
        return false;
    }
}
