namespace TeamsBot.LoadTest;

/// <summary>The built bots, found from where the load test runs (…/bin/&lt;Configuration&gt;/net10.0/).</summary>
internal sealed class RepositoryLayout
{
    private RepositoryLayout(string root, string configuration, string framework)
    {
        Root = root;
        TeamsBotAssembly = Path.Combine(root, "src", "TeamsBot", "bin", configuration, framework, "TeamsBot.dll");
        EchoBotAssembly = Path.Combine(root, "benchmarks", "TeamsBot.EchoBot", "bin", configuration, framework, "TeamsBot.EchoBot.dll");
        LoadTestAssembly = typeof(RepositoryLayout).Assembly.Location;
    }

    public string Root { get; }

    public string TeamsBotAssembly { get; }

    public string EchoBotAssembly { get; }

    /// <summary>This assembly: the bot loads its <c>StartupHook</c> in the growing-conversation run.</summary>
    public string LoadTestAssembly { get; }

    public static RepositoryLayout Find()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = output.Name;
        string configuration = output.Parent?.Name ?? "Release";
        for (var folder = output; folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TeamsBot.sln")))
            {
                return new RepositoryLayout(folder.FullName, configuration, framework);
            }
        }

        throw new InvalidOperationException("Run the load test from the repository (TeamsBot.sln not found above "
            + AppContext.BaseDirectory + ").");
    }

    public string Resolve(string path) => Path.IsPathRooted(path) ? path : Path.Combine(Root, path);
}
