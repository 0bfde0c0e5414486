using System.Reflection;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Finds the repository root (the folder with TeamsBot.sln) and build outputs from the test's bin folder.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    public static string Root => LazyRoot.Value;

    /// <summary>Debug or Release: the configuration the test assembly was built with (the app is built alongside).</summary>
    public static string Configuration =>
        typeof(RepositoryPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? "Debug";

    /// <summary>src/TeamsBot/bin/&lt;Configuration&gt;/net10.0/TeamsBot.dll</summary>
    public static string AppAssembly =>
        Path.Combine(Root, "src", "TeamsBot", "bin", Configuration, "net10.0", "TeamsBot.dll");

    /// <summary>The runtime settings the app was built with: <c>configProperties</c> of its runtimeconfig.json.</summary>
    public static JsonNode? AppRuntimeSettings() =>
        JsonNode.Parse(File.ReadAllText(Path.ChangeExtension(AppAssembly, ".runtimeconfig.json")))?["runtimeOptions"]?
            ["configProperties"];

    /// <summary>tests/node (the Node helpers and their package.json).</summary>
    public static string NodeTools => Path.Combine(Root, "tests", "node");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TeamsBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"TeamsBot.sln not found above {AppContext.BaseDirectory}; run the tests from a checkout of the repository.");
    }
}
