namespace TeamsBot.Tests.Infra;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The repository root: the first ancestor of the test output folder holding appPackage/ and infra/.</summary>
    public static string Root => LazyRoot.Value;

    public static string AppPackage => Path.Combine(Root, "appPackage");

    public static string Infra => Path.Combine(Root, "infra");

    public static string NodeTests => Path.Combine(Root, "tests", "node");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "appPackage", "manifest.json"))
                && File.Exists(Path.Combine(directory.FullName, "infra", "main.bicep")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (a folder with appPackage/manifest.json and infra/main.bicep) above {AppContext.BaseDirectory}.");
    }
}
