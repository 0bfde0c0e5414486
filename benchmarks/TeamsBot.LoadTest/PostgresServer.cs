using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TeamsBot.LoadTest;

/// <summary>
/// A throwaway PostgreSQL cluster in a temp folder on a loopback port (initdb + pg_ctl), as the tests' fixture runs
/// it but with durable commits (fsync on), since that is what production pays. As root it runs as user postgres.
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "teamsbot-loadtest-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;
    private int _port;

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer();
        try
        {
            await server.InitialiseAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Creates an empty database and returns the bot's connection string for it.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await RunAsPostgresAsync("createdb", $"-h 127.0.0.1 -p {_port} -U teamsbot {name}");
        return string.Create(CultureInfo.InvariantCulture,
            $"Host=127.0.0.1;Port={_port};Username=teamsbot;Database={name};Pooling=true");
    }

    public async ValueTask DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_folder, "data")))
        {
            await RunAsPostgresAsync("pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }

        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static async Task RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    private async Task InitialiseAsync()
    {
        _bin = (Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [])
            .OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql).");
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"postgres {_folder}");
        }

        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            _port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        string data = Path.Combine(_folder, "data");
        await RunAsPostgresAsync("initdb", $"-D {data} -U teamsbot -A trust -E UTF8");
        await RunAsPostgresAsync("pg_ctl",
            $"-D {data} -l {Path.Combine(_folder, "log")} -w -t 60 -o \"-k {_folder} -p {_port} -c listen_addresses=127.0.0.1\" start");
    }

    private Task RunAsPostgresAsync(string tool, string arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(_bin, tool)} {arguments}")
            : RunAsync(Path.Combine(_bin, tool), arguments);
}
