namespace TeamsBot.Tests.TestUtils;

/// <summary>How <see cref="BotProcess"/> starts the app. Configuration is passed only through environment variables.</summary>
public sealed class BotProcessOptions
{
    /// <summary>ASPNETCORE_ENVIRONMENT.</summary>
    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Environment variables for the child (e.g. <c>Model__Endpoint</c>); they win over defaults set here.</summary>
    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    /// <summary>Value for <c>--urls</c>; null means http://127.0.0.1:&lt;free port&gt;. Use <c>{port}</c> as a placeholder.</summary>
    public string? Urls { get; set; }

    /// <summary>Data folder; null means a new temp folder that is deleted on dispose.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>When true (default) sets <c>Storage__ConnectionString</c> to a SQLite file in the data folder.</summary>
    public bool UseSqliteInDataDirectory { get; set; } = true;

    /// <summary>The app's entry assembly; null means <see cref="RepositoryPaths.AppAssembly"/>.</summary>
    public string? AppAssembly { get; set; }

    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Polled until it answers 200. For <see cref="BotProcess.RunUntilExitAsync"/>, null means "do not
    /// poll" (when even a brief healthy moment must not end the wait).</summary>
    public string? HealthPath { get; set; } = "/healthz";

    /// <summary>Points the app's model at <paramref name="model"/> (an OpenAI-compatible server, deployment "test-model").</summary>
    public BotProcessOptions AnsweredBy(ModelServerDouble model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Environment["Model__Provider"] = "OpenAI";
        Environment["Model__Endpoint"] = model.OpenAIEndpoint.ToString();
        Environment["Model__Deployment"] = "test-model";
        return this;
    }

    /// <summary>Copies the settings (the environment dictionary is copied too).</summary>
    public BotProcessOptions Clone()
    {
        var clone = new BotProcessOptions
        {
            EnvironmentName = EnvironmentName,
            Urls = Urls,
            DataDirectory = DataDirectory,
            UseSqliteInDataDirectory = UseSqliteInDataDirectory,
            AppAssembly = AppAssembly,
            StartupTimeout = StartupTimeout,
            HealthPath = HealthPath,
        };
        foreach (var (key, value) in Environment)
        {
            clone.Environment[key] = value;
        }

        return clone;
    }
}
