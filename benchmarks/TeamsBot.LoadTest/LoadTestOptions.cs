using System.Globalization;

namespace TeamsBot.LoadTest;

/// <summary>Command-line settings; every one has a default, so the bare command runs the whole suite.</summary>
internal sealed class LoadTestOptions
{
    public static readonly string[] AllScenarios = ["bare", "throughput", "slow-model", "memory", "postgres", "scale", "growth"];

    /// <summary>Scenarios that run only when named: the memory run of TeamsBot alone, for repeated measurements.</summary>
    public static readonly string[] NamedOnlyScenarios = ["memory-teamsbot"];

    public int Rounds { get; private set; } = 3;

    public int Conversations { get; private set; } = 50;

    public int Messages { get; private set; } = 20;

    public TimeSpan ModelDelay { get; private set; }

    public TimeSpan SlowModelDelay { get; private set; } = TimeSpan.FromSeconds(5);

    public int SlowModelMessages { get; private set; } = 3;

    public TimeSpan ScaleModelDelay { get; private set; } = TimeSpan.FromMilliseconds(500);

    public int ScaleMessages { get; private set; } = 8;

    /// <summary>Longer than a throughput round: each new process's start-up compilation would otherwise weigh on one side.</summary>
    public int ScaleCoreMessages { get; private set; } = 40;

    /// <summary>
    /// Untimed messages per conversation before the scale scenario's timed ones: two new processes compile the same code
    /// twice, and the comparison is of instances that have done so.
    /// </summary>
    public int ScaleWarmup { get; private set; } = 10;

    public int MemoryConversations { get; private set; } = 1000;

    public int MemoryTurns { get; private set; } = 3;

    public int GrowthTurns { get; private set; } = 200;

    public int GrowthMessageLength { get; private set; } = 10 * 1024;

    public TimeSpan AnswerTimeout { get; private set; } = TimeSpan.FromSeconds(180);

    public IReadOnlySet<string> Scenarios { get; private set; } = new HashSet<string>(AllScenarios, StringComparer.Ordinal);

    public string Label { get; private set; } = "Latest run";

    /// <summary>Relative to the repository root unless rooted; null with --no-doc.</summary>
    public string? Document { get; private set; } = "docs/benchmarks.md";

    public string CommandLine { get; private set; } = string.Empty;

    /// <summary>Extra environment for TeamsBot's processes (--bot-env), for trying a runtime setting before adopting it.</summary>
    public IReadOnlyDictionary<string, string> BotEnvironment => _botEnvironment;

    private readonly Dictionary<string, string> _botEnvironment = new(StringComparer.Ordinal);

    public static string Usage =>
        """
        dotnet run -c Release --project benchmarks/TeamsBot.LoadTest -- [options]
          --rounds N                 alternating EchoBot/TeamsBot rounds (3)
          --conversations N          concurrent 1:1 conversations, closed loop (50)
          --messages N               messages per conversation and round, after one warm-up (20)
          --model-delay MS           model latency in the throughput rounds (0)
          --slow-model-delay MS      model latency in the slow-model run (5000)
          --slow-messages N          messages per conversation in the slow-model run (3)
          --scale-core-messages N    messages per conversation in the scale scenario's runs on a core each (40)
          --scale-warmup N           untimed messages per conversation before each scale run's timed ones (10)
          --scale-model-delay MS     model latency in the scale scenario's latency-bound runs (500)
          --scale-messages N         messages per conversation in those runs (8)
          --memory-conversations N   conversations in the memory run (1000)
          --memory-turns N           messages per conversation in the memory run (3)
          --growth-turns N           turns of the growing conversation (200)
          --growth-size CHARS        characters per message of the growing conversation (10240)
          --answer-timeout S         an answer later than this counts as lost (180)
          --scenarios LIST           comma-separated: bare,throughput,slow-model,memory,postgres,scale,growth (all);
                                     memory-teamsbot runs the memory run of TeamsBot alone; scale compares
                                     1 and 2 instances on PostgreSQL, a core each and bound by the model
          --bot-env NAME=VALUE       extra environment variable for TeamsBot (repeatable), to try a setting
          --label TEXT               heading of the section written to the document ("Latest run")
          --doc PATH                 document to write the section into (docs/benchmarks.md)
          --no-doc                   print only
        """;

    public static LoadTestOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new LoadTestOptions { CommandLine = string.Join(' ', args.Select(Quote)) };
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--no-doc")
            {
                options.Document = null;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new ArgumentException($"{name} needs a value.\n{Usage}");
            }

            string value = args[++i];
            switch (name)
            {
                case "--rounds": options.Rounds = Positive(name, value); break;
                case "--conversations": options.Conversations = Positive(name, value); break;
                case "--messages": options.Messages = Positive(name, value); break;
                case "--model-delay": options.ModelDelay = TimeSpan.FromMilliseconds(NotNegative(name, value)); break;
                case "--slow-model-delay": options.SlowModelDelay = TimeSpan.FromMilliseconds(NotNegative(name, value)); break;
                case "--slow-messages": options.SlowModelMessages = Positive(name, value); break;
                case "--scale-core-messages": options.ScaleCoreMessages = Positive(name, value); break;
                case "--scale-warmup": options.ScaleWarmup = Positive(name, value); break;
                case "--scale-model-delay": options.ScaleModelDelay = TimeSpan.FromMilliseconds(NotNegative(name, value)); break;
                case "--scale-messages": options.ScaleMessages = Positive(name, value); break;
                case "--memory-conversations": options.MemoryConversations = Positive(name, value); break;
                case "--memory-turns": options.MemoryTurns = Positive(name, value); break;
                case "--growth-turns": options.GrowthTurns = Positive(name, value); break;
                case "--growth-size": options.GrowthMessageLength = Positive(name, value); break;
                case "--answer-timeout": options.AnswerTimeout = TimeSpan.FromSeconds(Positive(name, value)); break;
                case "--label": options.Label = value; break;
                case "--doc": options.Document = value; break;
                case "--bot-env":
                    int equals = value.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--bot-env needs NAME=VALUE, not '{value}'.");
                    }

                    options._botEnvironment[value[..equals]] = value[(equals + 1)..];
                    break;
                case "--scenarios":
                    var chosen = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = chosen.Except(AllScenarios.Concat(NamedOnlyScenarios)).ToArray();
                    if (unknown.Length > 0 || chosen.Length == 0)
                    {
                        throw new ArgumentException($"Unknown scenario(s) {string.Join(", ", unknown)}.\n{Usage}");
                    }

                    options.Scenarios = new HashSet<string>(chosen, StringComparer.Ordinal);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {name}.\n{Usage}");
            }
        }

        return options;
    }

    public bool Runs(string scenario) => Scenarios.Contains(scenario);

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");

    private static int NotNegative(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int n)
            ? n : throw new ArgumentException($"{name} must be a whole number of milliseconds, not '{value}'.");

    private static string Quote(string arg) => arg.Contains(' ', StringComparison.Ordinal) ? $"'{arg}'" : arg;
}
