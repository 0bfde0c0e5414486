using System.Diagnostics;
using TeamsBot.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Reports;

/// <summary>The verb as an operator runs it: the built app, a real process, configuration from the environment.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly TempSqliteDatabase _file = new();
    private readonly string _workingFolder = Directory.CreateTempSubdirectory("teamsbot-cli-").FullName;

    public void Dispose()
    {
        _file.Dispose();
        Directory.Delete(_workingFolder, recursive: true);
    }

    [Fact]
    public async Task Report_Range_StdoutIsOnlyTheCsv()
    {
        await ReportTestData.AppendAsync(_file, 30, users: 4);

        var (exitCode, output, error) = await RunAsync(_file.ConnectionString, "--from", "2026-11-01", "--to", "2026-11-30");

        Assert.True(exitCode == AuditCommand.ExitOk, error);
        string[] lines = output.Split("\r\n");
        // The header, two tenants, the total, and nothing after the last CRLF: no banner, no log line.
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("from,to,tenant,active_users,messages,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("2026-11-01T00:00:00Z,2026-11-30T23:59:59.999999Z,(total),8,30,", lines[3], StringComparison.Ordinal);
        Assert.Equal(string.Empty, lines[4]);
    }

    [Fact]
    public async Task Report_BadArguments_ExitsTwoWithUsageOnStderrOnly()
    {
        var (exitCode, output, error) = await RunAsync(_file.ConnectionString, "--by", "manager");

        Assert.Equal(AuditCommand.ExitUsage, exitCode);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Report_DatabaseFileMissing_ExitsThreeWithoutCreatingIt()
    {
        string missing = Path.Combine(_workingFolder, "typo.db");

        var (exitCode, output, error) = await RunAsync($"Data Source={missing}", "--from", "2026-11-01", "--to", "2026-11-30");

        Assert.Equal(AuditCommand.ExitUnavailable, exitCode);
        Assert.Contains($"report: no database at {missing}", error, StringComparison.Ordinal);
        Assert.Empty(output);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Report_BadPrice_ExitsThreeNamingTheKey()
    {
        var (exitCode, output, error) = await RunAsync(_file.ConnectionString, ["--from", "2026-11-01", "--to", "2026-11-30"],
            ("Reports__PricePer1KInputTokens", "-1"));

        Assert.Equal(AuditCommand.ExitUnavailable, exitCode);
        Assert.Contains("Reports:PricePer1KInputTokens must be between 0 and 1000.", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, params string[] args) =>
        RunAsync(connectionString, args, []);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, string[] args,
        params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No appsettings here: what the process sees comes from the environment below.
            WorkingDirectory = _workingFolder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TeamsBot.dll"));
        start.ArgumentList.Add("report");
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Storage__Provider"] = "Sqlite";
        start.Environment["Storage__ConnectionString"] = connectionString;
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        start.Environment.Remove("DOTNET_ENVIRONMENT");
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
