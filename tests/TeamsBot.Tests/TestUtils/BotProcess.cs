using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// The real app as a child process (<c>dotnet TeamsBot.dll --urls http://127.0.0.1:port</c>), configured only through
/// environment variables, with a temp data folder. Captures stdout/stderr lines, waits for the health endpoint,
/// stops gracefully (SIGTERM) or kills, restarts on the same data folder, and always cleans up on dispose.
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixesToDrop =
    [
        "ASPNETCORE_", "DOTNET_ENVIRONMENT", "MicrosoftApp", "ToBotFrom", "ToChannelFrom", "SSL_CERT_",
        // A developer's telemetry settings would make the child export (and slow or leak) during tests.
        "OTEL_", "APPLICATIONINSIGHTS_",
    ];

    private static readonly string[] InheritedKeysToDrop =
    [
        "ValidateAuthority", "ChannelService", "OAuthUrl", "CallerId",
        "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy",
    ];

    private readonly BotProcessOptions _options;
    private readonly bool _ownsDataDirectory;
    private readonly HttpClient _http;
    private readonly WaitableLog<string> _output = new();
    private Process? _process;
    private bool _disposed;

    private BotProcess(BotProcessOptions options, string dataDirectory, bool ownsDataDirectory)
    {
        _options = options;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        BaseAddress = new Uri("http://127.0.0.1/");
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>http://127.0.0.1:port/ of the current run.</summary>
    public Uri BaseAddress { get; private set; }

    public string DataDirectory { get; }

    /// <summary>The SQLite file the app was pointed at (when <see cref="BotProcessOptions.UseSqliteInDataDirectory"/>).</summary>
    public string DatabasePath => Path.Combine(DataDirectory, "teamsbot.db");

    public int? ProcessId => _process?.Id;

    public bool HasExited => _process is null || _process.HasExited;

    /// <summary>Exit code of the last run that was stopped or exited; null while running.</summary>
    public int? ExitCode { get; private set; }

    /// <summary>All stdout and stderr lines of every run so far (stderr lines are prefixed with "stderr: ").</summary>
    public IReadOnlyList<string> Output => _output.Snapshot();

    public string OutputText => string.Join('\n', Output);

    /// <summary>Starts the app and waits until the health endpoint answers 200.</summary>
    public static async Task<BotProcess> StartAsync(BotProcessOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var bot = Create(options);
        try
        {
            await bot.StartCoreAsync(cancellationToken);
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs the app expecting it to refuse to start: returns when it exits, when it becomes healthy (then it is
    /// stopped and <see cref="BotExitResult.BecameHealthy"/> is true), or after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<BotExitResult> RunUntilExitAsync(
        BotProcessOptions options,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await using var bot = Create(options);
        bot.Launch();
        var process = bot._process!;
        var deadline = Stopwatch.StartNew();
        var healthy = false;
        while (!process.HasExited && deadline.Elapsed < timeout)
        {
            if (options.HealthPath is not null && await bot.IsHealthyAsync(cancellationToken))
            {
                healthy = true;
                break;
            }

            await Task.Delay(100, cancellationToken);
        }

        if (process.HasExited)
        {
            await process.WaitForExitAsync(cancellationToken);
            return new BotExitResult(process.ExitCode, false, false, bot.Output);
        }

        var exitCode = await bot.StopAsync(cancellationToken);
        return new BotExitResult(exitCode, healthy, !healthy, bot.Output);
    }

    /// <summary>POSTs an activity to /api/messages, with <c>Authorization: Bearer …</c> when a token is given.</summary>
    public async Task<HttpResponseMessage> PostActivityAsync(
        JsonNode activity,
        string? bearerToken,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "api/messages"));
        request.Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        if (bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);
        }

        return await _http.SendAsync(request, cancellationToken);
    }

    /// <summary>Sends a raw request to the app (for endpoints other than /api/messages).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _http.SendAsync(request, cancellationToken);

    /// <summary>Waits until an output line matches, including lines already captured.</summary>
    public async Task<string> WaitForOutputAsync(
        Func<string, bool> predicate,
        TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var matches = await _output.WaitAsync(predicate, 1, timeout,
            _ => $"No matching output line within {timeout}. Output:\n{OutputText}", cancellationToken);
        return matches[0];
    }

    /// <summary>Stops gracefully (SIGTERM, 10 s), then kills. Returns the exit code.</summary>
    public async Task<int?> StopAsync(CancellationToken cancellationToken)
    {
        var process = _process;
        if (process is null)
        {
            return null;
        }

        if (!process.HasExited)
        {
            SendTerminate(process);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Kill();
            }
        }

        await process.WaitForExitAsync(cancellationToken);
        ExitCode = process.ExitCode;
        return ExitCode;
    }

    /// <summary>Kills the process tree at once (no graceful shutdown).</summary>
    public void Kill()
    {
        var process = _process;
        if (process is not null && !process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Exited in the meantime.
            }
        }
    }

    /// <summary>Stops gracefully and starts again with the same options and data folder (on a new port).</summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        await StopAsync(cancellationToken);
        AppendOutput("--- restart ---");
        _process?.Dispose();
        _process = null;
        await StartCoreAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
        finally
        {
            _process?.Dispose();
            _process = null;
            _http.Dispose();
            if (_ownsDataDirectory)
            {
                TryDeleteDirectory(DataDirectory);
            }
        }
    }

    private static BotProcess Create(BotProcessOptions options)
    {
        var own = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory
            ?? Path.Combine(Path.GetTempPath(), "teamsbot-tests", "bot-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        return new BotProcess(options.Clone(), dataDirectory, own);
    }

    private static int GetFreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void SendTerminate(Process process)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            process.Kill(entireProcessTree: true);
            return;
        }

        using var kill = Process.Start(new ProcessStartInfo("kill")
        {
            ArgumentList = { "-TERM", process.Id.ToString(CultureInfo.InvariantCulture) },
            UseShellExecute = false,
            RedirectStandardError = true,
        });
        kill?.WaitForExit(5000);
    }

    private static void TryDeleteDirectory(string directory)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }

                return;
            }
            catch (IOException)
            {
                Thread.Sleep(100);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(100);
            }
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        if (_options.HealthPath is null)
        {
            throw new InvalidOperationException("StartAsync needs BotProcessOptions.HealthPath to know when the app is up.");
        }

        Launch();
        ExitCode = null;
        var process = _process!;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _options.StartupTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException(
                    $"The bot exited with code {process.ExitCode} before it became healthy. Output:\n{OutputText}");
            }

            if (await IsHealthyAsync(cancellationToken))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        Kill();
        throw new TimeoutException(
            $"The bot did not answer {_options.HealthPath} within {_options.StartupTimeout}. Output:\n{OutputText}");
    }

    private void Launch()
    {
        var appAssembly = _options.AppAssembly ?? RepositoryPaths.AppAssembly;
        if (!File.Exists(appAssembly))
        {
            throw new FileNotFoundException(
                $"The app is not built at {appAssembly}; build the solution (the test project references src/TeamsBot).",
                appAssembly);
        }

        var port = GetFreeLoopbackPort();
        var urls = (_options.Urls ?? "http://127.0.0.1:{port}")
            .Replace("{port}", port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");

        var startInfo = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(appAssembly)!,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(appAssembly);
        startInfo.ArgumentList.Add("--urls");
        startInfo.ArgumentList.Add(urls);

        foreach (var key in startInfo.Environment.Keys.ToArray())
        {
            if (key.Contains("__", StringComparison.Ordinal)
                || InheritedKeysToDrop.Contains(key, StringComparer.Ordinal)
                || InheritedPrefixesToDrop.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                startInfo.Environment.Remove(key);
            }
        }

        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = _options.EnvironmentName;
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (_options.UseSqliteInDataDirectory)
        {
            startInfo.Environment["Storage__ConnectionString"] = $"Data Source={DatabasePath}";
        }

        foreach (var (key, value) in _options.Environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                AppendOutput(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                AppendOutput("stderr: " + e.Data);
            }
        };

        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException("Could not start the bot process.");
        }

        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.StandardInput.Close();
    }

    private async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await _http.GetAsync(new Uri(BaseAddress, _options.HealthPath), timeout.Token);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private void AppendOutput(string line) => _output.Add(line);

    private static string DotnetHost()
    {
        var fromSdk = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var current = System.Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return current;
        }

        return "dotnet";
    }
}
