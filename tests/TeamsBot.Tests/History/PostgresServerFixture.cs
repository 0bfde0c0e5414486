using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;
using TeamsBot.Storage;

namespace TeamsBot.Tests.History;

/// <summary>
/// A throwaway PostgreSQL cluster from the machine's Debian package, on a loopback port in a temp folder. PostgreSQL
/// refuses to run as root, so as root it runs as the package's postgres user. Fails (never skips) when not installed.
/// </summary>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "teamsbot-pg-" + Guid.NewGuid().ToString("N"));
    private string _bin = string.Empty;

    public string ServerConnectionString { get; private set; } = string.Empty;

    /// <summary>The cluster's data folder, so a test can read the files a database is kept in.</summary>
    public string DataDirectory => Path.Combine(_folder, "data");

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending()
            .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed: run the README's test command (it installs it) or apt-get install postgresql.");
        Directory.CreateDirectory(_folder);
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", $"postgres {_folder}");
        }

        int port = FreePort();
        string data = Path.Combine(_folder, "data");
        await RunAsPostgresAsync("initdb", $"-D {data} -U teamsbot -A trust --no-sync -E UTF8");
        await RunAsPostgresAsync("pg_ctl",
            $"-D {data} -l {Path.Combine(_folder, "log")} -w -t 60 -o \"-k {_folder} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off\" start");
        ServerConnectionString = $"Host=127.0.0.1;Port={port};Username=teamsbot;Database=postgres;Pooling=false";
    }

    /// <summary>A fresh, migrated database for one test class or test.</summary>
    public Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync() => CreateDatabaseAsync([]);

    /// <summary>A fresh, migrated database whose contexts run <paramref name="interceptors"/> (to see what is sent).</summary>
    public async Task<IDbContextFactory<BotDbContext>> CreateDatabaseAsync(params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<PostgresBotDbContext>()
            .UseNpgsql(await CreateEmptyDatabaseAsync()).AddInterceptors(interceptors).Options;
        var factory = new PostgresFactory(options);
        await using var db = factory.CreateDbContext();
        await db.Database.MigrateAsync();
        return factory;
    }

    /// <summary>A fresh database without tables; returns its connection string (no pooling).</summary>
    public async Task<string> CreateEmptyDatabaseAsync()
    {
        string name = "teamsbot_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return ServerConnectionString.Replace("Database=postgres", $"Database={name}", StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(Path.Combine(_folder, "data")))
        {
            await RunAsPostgresAsync("pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task RunAsPostgresAsync(string tool, string arguments) =>
        Environment.UserName == "root"
            ? RunAsync("runuser", $"-u postgres -- {Path.Combine(_bin, tool)} {arguments}")
            : RunAsync(Path.Combine(_bin, tool), arguments);

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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class PostgresFactory(DbContextOptions<PostgresBotDbContext> options) : IDbContextFactory<BotDbContext>
    {
        public BotDbContext CreateDbContext() => new PostgresBotDbContext(options);
    }
}
