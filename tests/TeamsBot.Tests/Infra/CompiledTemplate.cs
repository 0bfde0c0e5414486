using System.Text.Json;

namespace TeamsBot.Tests.Infra;

/// <summary>infra/main.bicep compiled to an ARM template by the Bicep CLI, once per test run.</summary>
public static class CompiledTemplate
{
    private static readonly Lazy<Task<ProcessResult>> LazyBuild = new(() => BicepCli.RunAsync("build", "main.bicep", "--stdout"));

    /// <summary>The result of `bicep build main.bicep --stdout` (template on stdout, diagnostics on stderr).</summary>
    public static Task<ProcessResult> BuildAsync() => LazyBuild.Value;

    /// <summary>The compiled template; fails the test if the build failed.</summary>
    public static async Task<JsonElement> GetAsync()
    {
        var result = await BuildAsync();
        Assert.True(result.ExitCode == 0, $"bicep build main.bicep failed:\n{result.Output}");
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    /// <summary>Every resource in the template and in the nested templates of its modules.</summary>
    public static IEnumerable<JsonElement> AllResources(JsonElement template)
    {
        if (!template.TryGetProperty("resources", out var resources))
        {
            yield break;
        }

        // languageVersion 2.0 templates keep resources in an object keyed by symbolic name.
        var items = resources.ValueKind == JsonValueKind.Object
            ? resources.EnumerateObject().Select(p => p.Value)
            : resources.EnumerateArray();

        foreach (var resource in items)
        {
            yield return resource;
            if (resource.TryGetProperty("properties", out var properties)
                && properties.ValueKind == JsonValueKind.Object
                && properties.TryGetProperty("template", out var nested))
            {
                foreach (var inner in AllResources(nested))
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Resources of one type (case-insensitive), for example Microsoft.Web/sites.</summary>
    public static IReadOnlyList<JsonElement> ResourcesOfType(JsonElement template, string type)
        => [.. AllResources(template).Where(r => string.Equals(r.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>The value at a dotted property path, or null when a step is missing.</summary>
    public static JsonElement? At(JsonElement element, string path)
    {
        var current = element;
        foreach (var step in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }
}
