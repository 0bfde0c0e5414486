using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeamsBot.LoadTest;

/// <summary>
/// A bot under test as a child process (<c>dotnet X.dll --urls http://127.0.0.1:port</c>), configured only through
/// environment variables: waits for its health endpoint, reads its CPU time and memory from /proc, stops it. Given a
/// core, it runs on that core alone (<c>taskset</c>), as an instance with a CPU budget of one core would.
/// </summary>
internal sealed class BotProcessHost : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixesToDrop =
    [
        "ASPNETCORE_", "DOTNET_ENVIRONMENT", "MicrosoftApp", "ToBotFrom", "ToChannelFrom", "OTEL_", "APPLICATIONINSIGHTS_",
    ];

    private static readonly string[] InheritedKeysToDrop =
    [
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
    ];

    private readonly Process _process;
    private readonly Queue<string> _lastLines = new();

    private BotProcessHost(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri MessagesEndpoint => new(BaseAddress, "api/messages");

    public int ProcessId => _process.Id;

    public static async Task<BotProcessHost> StartAsync(
        string assembly,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string healthPath,
        int? core = null)
    {
        if (!File.Exists(assembly))
        {
            throw new FileNotFoundException(
                $"{assembly} is not built: build the solution in Release (dotnet build TeamsBot.sln -c Release).", assembly);
        }

        int port = FreeLoopbackPort();
        var start = new ProcessStartInfo(core is null ? "dotnet" : "taskset")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
        };
        if (core is { } pinned)
        {
            // taskset execs dotnet in its own process, so the process id, /proc and the kill stay the bot's; the
            // runtime sizes its thread pool and collector by the affinity it starts with.
            start.ArgumentList.Add("--cpu-list");
            start.ArgumentList.Add(pinned.ToString(CultureInfo.InvariantCulture));
            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(assembly);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(FormattableString.Invariant($"http://127.0.0.1:{port}"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var key in start.Environment.Keys.ToArray())
        {
            if (key.Contains("__", StringComparison.Ordinal) || InheritedKeysToDrop.Contains(key, StringComparer.Ordinal)
                || InheritedPrefixesToDrop.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(key);
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + assembly);
        var host = new BotProcessHost(process, new Uri(FormattableString.Invariant($"http://127.0.0.1:{port}/")));
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitHealthyAsync(healthPath);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>User + system CPU time of the process so far.</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Peak resident set size since the process started (VmHWM), in bytes.</summary>
    public long PeakRssBytes => ReadStatusKilobytes("VmHWM") * 1024;

    /// <summary>Current resident set size (VmRSS), in bytes.</summary>
    public long RssBytes => ReadStatusKilobytes("VmRSS") * 1024;

    public string LastOutput
    {
        get
        {
            lock (_lastLines)
            {
                return string.Join('\n', _lastLines);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private long ReadStatusKilobytes(string field)
    {
        foreach (var line in File.ReadLines(FormattableString.Invariant($"/proc/{_process.Id}/status")))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lastLines)
        {
            _lastLines.Enqueue(line);
            while (_lastLines.Count > 60)
            {
                _lastLines.Dequeue();
            }
        }
    }

    private async Task WaitHealthyAsync(string healthPath)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The bot exited with code {_process.ExitCode} before it was healthy:\n{LastOutput}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, healthPath));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The bot did not answer {healthPath} within 120 s:\n{LastOutput}");
    }
}
