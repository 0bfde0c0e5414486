using System.Collections.Concurrent;
using System.Globalization;

namespace TeamsBot.LoadTest;

/// <summary>
/// Runs the scenarios: the bare Kestrel floor, EchoBot and TeamsBot alternately, a slow model, 1,000 conversations,
/// PostgreSQL with one and two instances (on the same cores, and on a core each), and one conversation growing to
/// hundreds of turns.
/// </summary>
internal sealed class LoadSuite(LoadTestOptions options, RepositoryLayout layout, ModelDouble model, ConnectorDouble connector,
    LoadDriver driver)
{
    private static readonly string[] NoArguments = [];
    private static readonly string[] BareArguments = ["--bare"];

    public async Task<LoadReport> RunAsync()
    {
        var report = new LoadReport
        {
            Options = options,
            StartedAt = DateTimeOffset.UtcNow,
            LoadAverageAtStart = MachineFacts.LoadAverage(),
        };
        model.Delay = options.ModelDelay;

        if (options.Runs("bare"))
        {
            report.Bare = await RunEchoAsync("Bare Kestrel", BareArguments, options.Conversations, options.Messages);
        }

        if (options.Runs("throughput"))
        {
            for (int round = 1; round <= options.Rounds; round++)
            {
                // ABBA order: drift in the machine's load falls on both bots alike.
                bool echoFirst = round % 2 == 1;
                for (int turn = 0; turn < 2; turn++)
                {
                    if ((turn == 0) == echoFirst)
                    {
                        report.EchoRounds.Add(await RunEchoAsync("EchoBot", NoArguments, options.Conversations, options.Messages));
                    }
                    else
                    {
                        report.TeamsBotRounds.Add(await RunTeamsBotAsync("TeamsBot", Store.Sqlite, 1, options.Conversations, options.Messages, 0));
                    }
                }
            }
        }

        if (options.Runs("slow-model"))
        {
            model.Delay = options.SlowModelDelay;
            report.SlowModel = await RunTeamsBotAsync(
                FormattableString.Invariant($"TeamsBot, model takes {options.SlowModelDelay.TotalSeconds:0.#} s"),
                Store.Sqlite, 1, options.Conversations, options.SlowModelMessages, 0);
            model.Delay = options.ModelDelay;
        }

        if (options.Runs("memory"))
        {
            report.MemoryEcho = await RunEchoAsync("EchoBot", NoArguments, options.MemoryConversations, options.MemoryTurns);
            report.MemoryTeamsBot = await RunTeamsBotAsync("TeamsBot", Store.Sqlite, 1, options.MemoryConversations, options.MemoryTurns, 0);
        }

        if (options.Runs("memory-teamsbot"))
        {
            report.MemoryTeamsBot = await RunTeamsBotAsync("TeamsBot", Store.Sqlite, 1, options.MemoryConversations, options.MemoryTurns, 0);
        }

        if (options.Runs("postgres"))
        {
            await using var postgres = await PostgresServer.StartAsync();
            report.PostgresOne = await RunTeamsBotAsync("TeamsBot, PostgreSQL, 1 instance", Store.Postgres(postgres), 1,
                options.Conversations, options.Messages, 0);
            report.PostgresTwo = await RunTeamsBotAsync("TeamsBot, PostgreSQL, 2 instances", Store.Postgres(postgres), 2,
                options.Conversations, options.Messages, 0);
        }

        if (options.Runs("scale"))
        {
            await RunScaleAsync(report);
        }

        if (options.Runs("growth"))
        {
            report.Growth.AddRange(await RunGrowthAsync());
        }

        report.LoadAverageAtEnd = MachineFacts.LoadAverage();
        return report;
    }

    private async Task<RunResult> RunEchoAsync(string name, string[] arguments, int conversations, int messages)
    {
        Console.WriteLine($"{Now()} {name}: {conversations} conversations × {messages} messages");
        await using var bot = await BotProcessHost.StartAsync(layout.EchoBotAssembly, arguments,
            new Dictionary<string, string>(StringComparer.Ordinal) { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, "/healthz");
        await Task.Delay(TimeSpan.FromSeconds(1));
        return Print(await driver.RunAsync(name, [bot], conversations, messages, 0));
    }

    /// <summary>
    /// One instance against two on one PostgreSQL database, twice. First with a CPU budget per instance, as production
    /// buys it: one instance on core 0 against two on cores 0 and 1; the harness, the doubles and PostgreSQL are not
    /// pinned, so with one instance they have core 1 to themselves and with two they share both, and the ratio errs
    /// low. Then bound by the model's latency rather than by this machine's cores: each instance answers at most
    /// Limits:MaxConcurrentTurns messages at a time.
    /// </summary>
    private async Task RunScaleAsync(LoadReport report)
    {
        await using var postgres = await PostgresServer.StartAsync();
        string warmup = FormattableString.Invariant($"; timed after {options.ScaleWarmup} untimed messages per conversation");
        if (Environment.ProcessorCount >= 2)
        {
            report.ScaleCoreEach = await CompareInstancesAsync(new ScaleComparison(
                "each instance on its own core (taskset), the model answering at once; the harness, the doubles and "
                + "PostgreSQL not pinned, so with one instance they have core 1 to themselves" + warmup), postgres, options.ScaleCoreMessages,
                pinned: true);
        }
        else
        {
            Console.WriteLine($"{Now()} scale, a core each: needs two cores, this machine has {Environment.ProcessorCount}; skipped");
        }

        model.Delay = options.ScaleModelDelay;
        report.ScaleLatencyBound = await CompareInstancesAsync(new ScaleComparison(FormattableString.Invariant(
            $"the model taking {options.ScaleModelDelay.TotalMilliseconds:0} ms, so each instance is bounded by its Limits:MaxConcurrentTurns (8 unless set), not by the cores; not pinned{warmup}")),
            postgres, options.ScaleMessages, pinned: false);
        model.Delay = options.ModelDelay;
    }

    /// <summary>Alternating rounds (ABBA) of one instance and of two, each on a fresh database.</summary>
    private async Task<ScaleComparison> CompareInstancesAsync(ScaleComparison comparison, PostgresServer postgres, int messages,
        bool pinned)
    {
        string where = pinned ? " on core 0" : string.Empty;
        string whereTwo = pinned ? " on cores 0 and 1" : string.Empty;
        for (int round = 1; round <= options.Rounds; round++)
        {
            bool oneFirst = round % 2 == 1;
            for (int turn = 0; turn < 2; turn++)
            {
                if ((turn == 0) == oneFirst)
                {
                    comparison.One.Add(await RunTeamsBotAsync("TeamsBot, PostgreSQL, 1 instance" + where,
                        Store.Postgres(postgres), 1, options.Conversations, messages, 0, pinned, options.ScaleWarmup));
                }
                else
                {
                    comparison.Two.Add(await RunTeamsBotAsync("TeamsBot, PostgreSQL, 2 instances" + whereTwo,
                        Store.Postgres(postgres), 2, options.Conversations, messages, 0, pinned, options.ScaleWarmup));
                }
            }
        }

        return comparison;
    }

    private async Task<RunResult> RunTeamsBotAsync(string name, Store store, int instances, int conversations, int messages,
        int messageLength, bool pinned = false, int warmupMessages = 1)
    {
        Console.WriteLine($"{Now()} {name}: {conversations} conversations × {messages} messages");
        string data = Path.Combine(Path.GetTempPath(), "teamsbot-loadtest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var bots = new List<BotProcessHost>();
        try
        {
            string connectionString = await store.ConnectionStringAsync(data);
            for (int i = 0; i < instances; i++)
            {
                // One after the other: the first applies the migrations.
                bots.Add(await BotProcessHost.StartAsync(layout.TeamsBotAssembly, NoArguments,
                    TeamsBotEnvironment(store.Provider, connectionString, "bench-" + i.ToString(CultureInfo.InvariantCulture), null),
                    "/healthz", pinned ? i : null));
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            return Print(await driver.RunAsync(name, bots, conversations, messages, messageLength, warmupMessages));
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }

            TryDelete(data);
        }
    }

    private async Task<IReadOnlyList<GrowthWindow>> RunGrowthAsync()
    {
        const int window = 20;
        Console.WriteLine($"{Now()} TeamsBot, one conversation growing to {options.GrowthTurns} turns of {options.GrowthMessageLength} characters");
        string data = Path.Combine(Path.GetTempPath(), "teamsbot-loadtest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        string probeFile = Path.Combine(data, "allocations.txt");
        try
        {
            await using var bot = await BotProcessHost.StartAsync(layout.TeamsBotAssembly, NoArguments,
                TeamsBotEnvironment("Sqlite", $"Data Source={Path.Combine(data, "teamsbot.db")}", "bench-growth", probeFile),
                "/healthz");
            var ledger = new AnswerLedger();
            var probe = new ConversationProbe(LoadActivities.ConversationId(Guid.NewGuid().ToString("N")[..8], 0), ledger);
            connector.Watch(probe);
            // One untimed turn first, so the first stretch measures a warm process, not the JIT.
            await driver.SendAsync(bot, probe, 0, 0, options.GrowthMessageLength, null, null, null, () => { });
            var windows = new List<GrowthWindow>();
            for (int first = 1; first <= options.GrowthTurns; first += window)
            {
                int last = Math.Min(options.GrowthTurns, first + window - 1);
                var before = await AllocationSnapshot.ReadAsync(probeFile);
                double cpuBefore = bot.CpuTime.TotalMilliseconds;
                var endToEnd = new ConcurrentBag<double>();
                for (int turn = first; turn <= last; turn++)
                {
                    await driver.SendAsync(bot, probe, 0, turn, options.GrowthMessageLength, null, null, endToEnd, () => { });
                }

                var after = await AllocationSnapshot.ReadAsync(probeFile);
                double cpu = bot.CpuTime.TotalMilliseconds - cpuBefore;
                int turns = last - first + 1;
                windows.Add(new GrowthWindow(first, last, endToEnd.IsEmpty ? double.NaN : endToEnd.Average(), cpu / turns,
                    (after.AllocatedBytes - before.AllocatedBytes) / 1024.0 / turns, bot.RssBytes, after.HeapBytes));
                Console.WriteLine(FormattableString.Invariant(
                    $"  turns {first}-{last}: {windows[^1].EndToEndMilliseconds:0} ms, {windows[^1].CpuMillisecondsPerTurn:0.0} ms CPU, {windows[^1].AllocatedKilobytesPerTurn:0} KB allocated per turn"));
            }

            var summary = ledger.Summarise();
            if (summary.Lost + summary.Duplicated > 0)
            {
                Console.WriteLine($"  growing conversation: {summary.Lost} lost, {summary.Duplicated} duplicated");
            }

            connector.Forget(probe.ConversationId);
            return windows;
        }
        finally
        {
            TryDelete(data);
        }
    }

    private static readonly string AuditKeyForThisRun =
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private Dictionary<string, string> TeamsBotEnvironment(string provider, string connectionString, string instance, string? probeFile)
    {
        // The README's Development run (anonymous on loopback), the model double as an OpenAI-compatible server,
        // one allowed tenant and a daily quota so that the quota ledger is on the path; streaming is on by default.
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__Provider"] = provider,
            ["Storage__ConnectionString"] = connectionString,
            // Every instance on one PostgreSQL must share it; a fresh one per run is enough for a throwaway database.
            ["Audit__KeyEncryptionKey"] = AuditKeyForThisRun,
            ["Model__Provider"] = "OpenAI",
            ["Model__Endpoint"] = model.OpenAIEndpoint.ToString(),
            ["Model__Deployment"] = "bench-model",
            ["Policy__AllowedTenants__0"] = LoadActivities.TenantId,
            ["Policy__Quotas__MessagesPerUserPerDay"] = "1000000",
            ["Policy__Quotas__TokensPerUserPerDay"] = "1000000000",
            ["Turns__InstanceName"] = instance,
        };
        foreach (var (key, value) in options.BotEnvironment)
        {
            environment[key] = value;
        }
        if (probeFile is not null)
        {
            environment["DOTNET_STARTUP_HOOKS"] = layout.LoadTestAssembly;
            environment[StartupHook.ProbeFileVariable] = probeFile;
        }

        return environment;
    }

    private static RunResult Print(RunResult result)
    {
        Console.WriteLine(FormattableString.Invariant(
            $"  {result.MessagesPerSecond:0.0} msg/s, ack p99 {Percentiles.Of(result.AckMilliseconds, 99):0} ms, first sign p50 {Percentiles.Of(result.FirstSignMilliseconds, 50):0} ms, e2e p50 {Percentiles.Of(result.EndToEndMilliseconds, 50):0} ms, CPU {result.CpuMillisecondsPerMessage:0.00} ms/msg, machine busy {result.MachineBusy:P0}, connector calls {result.ConnectorCallsPerMessage:0.00}/msg (typing {result.TypingIndicatorsPerMessage:0.00}, over Teams' limits {result.OverTeamsLimits}), peak RSS {result.PeakRssBytes / 1048576.0:0} MiB, lost {result.Ledger.Lost}, duplicated {result.Ledger.Duplicated}, failed posts {result.FailedPosts}"));
        return result;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open; temp space, cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }

    /// <summary>Where a TeamsBot run keeps its data: a fresh SQLite file, or a fresh PostgreSQL database.</summary>
    private sealed class Store(string provider, PostgresServer? postgres)
    {
        public static Store Sqlite { get; } = new("Sqlite", null);

        public string Provider { get; } = provider;

        public static Store Postgres(PostgresServer server) => new("Postgres", server);

        public async Task<string> ConnectionStringAsync(string dataFolder) => postgres is null
            ? $"Data Source={Path.Combine(dataFolder, "teamsbot.db")}"
            : await postgres.CreateDatabaseAsync("bench_" + Guid.NewGuid().ToString("N")[..12]);
    }
}
