using System.Net;

namespace TeamsBot.LoadTest;

/// <summary>
/// Load benchmark: TeamsBot's full pipeline against Bot Framework's EchoBot, with a zero-latency model double and a Bot
/// Connector double on loopback. See docs/benchmarks.md, "Load: TeamsBot against a bare Bot Framework EchoBot".
/// </summary>
/// <remarks>A named class, not top-level statements: the tests see this assembly's internals and the app's Program.</remarks>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--help", StringComparer.Ordinal))
        {
            Console.WriteLine(LoadTestOptions.Usage);
            return 0;
        }

        LoadTestOptions options;
        try
        {
            options = LoadTestOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        var layout = RepositoryLayout.Find();
        await using var model = await ModelDouble.StartAsync();
        await using var connector = await ConnectorDouble.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = int.MaxValue,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            // Longer than a slow model: EchoBot answers its POST only after replying.
            Timeout = TimeSpan.FromSeconds(120),
        };
        var driver = new LoadDriver(http, connector, options.AnswerTimeout);
        var report = await new LoadSuite(options, layout, model, connector, driver).RunAsync();
        if (connector.UnknownRoutes > 0 || connector.Stray > 0)
        {
            Console.WriteLine($"Connector double: {connector.UnknownRoutes} requests to other routes, {connector.Stray} activities for unwatched conversations.");
        }

        Console.WriteLine("Connector calls by kind: " + string.Join(", ",
            connector.Operations.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        Console.WriteLine("Of them over Teams' per-conversation limits: " + string.Join(", ",
            connector.OverLimits.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}")));
        string section = ReportWriter.Render(report, MachineFacts.Commit(layout.Root));
        Console.WriteLine();
        Console.WriteLine(section);
        if (options.Document is { } document)
        {
            string path = layout.Resolve(document);
            string existing = File.Exists(path) ? await File.ReadAllTextAsync(path) : "# Benchmarks\n";
            await File.WriteAllTextAsync(path, ReportWriter.UpdateSection(existing, options.Label, section));
            Console.WriteLine($"Written to {path}");
        }

        return 0;
    }
}
