using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using TeamsBot.Audit;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Audit;

/// <summary>The CLI as an operator runs it: the built app, a real process, configuration from the environment.</summary>
public sealed class AuditCommandTests : IDisposable
{
    private readonly TempSqliteDatabase _file = new();
    private readonly string _workingFolder = Directory.CreateTempSubdirectory("teamsbot-cli-").FullName;

    public void Dispose()
    {
        _file.Dispose();
        Directory.Delete(_workingFolder, recursive: true);
    }

    [Fact]
    public async Task Verify_GoodChain_ExitsZeroWithCount()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);

        var (exitCode, output, error) = await RunAsync(_file.ConnectionString, "verify");

        Assert.True(exitCode == AuditCommand.ExitOk, error);
        Assert.StartsWith("Audit chain OK: 5 records; head is record 5 with hash ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_Record3Tampered_ExitsOneNamingRecord3()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, "UPDATE audit_log SET TokensOut = 1 WHERE Sequence = 3");

        var (exitCode, output, _) = await RunAsync(_file.ConnectionString, "verify");

        Assert.Equal(AuditCommand.ExitChainBroken, exitCode);
        Assert.Contains("BROKEN at record 3: hash mismatch", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RowDeleted_ExitsOneNamingTheGap()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);
        await AuditTestData.TamperAsync(_file.ConnectionString, "DELETE FROM audit_log WHERE Sequence = 2");

        var (exitCode, output, _) = await RunAsync(_file.ConnectionString, "verify");

        Assert.Equal(AuditCommand.ExitChainBroken, exitCode);
        Assert.Contains("BROKEN at record 3: gap in sequence: expected record 2", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("export", "--from", "last-tuesday")]
    public async Task Run_BadArguments_ExitsTwoWithUsage(params string[] args)
    {
        var (exitCode, output, error) = await RunAsync(_file.ConnectionString, args);

        Assert.Equal(AuditCommand.ExitUsage, exitCode);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        Assert.Empty(output);
    }

    [Fact]
    public async Task Verify_DatabaseFileMissing_ExitsThreeWithoutCreatingIt()
    {
        string missing = Path.Combine(_workingFolder, "typo.db");

        var (exitCode, _, error) = await RunAsync($"Data Source={missing}", "verify");

        Assert.Equal(AuditCommand.ExitUnavailable, exitCode);
        Assert.Contains($"no database at {missing}", error, StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Export_FromTo_JsonLinesOnStdoutOnly()
    {
        // Records at noon on 1…5 March 2026.
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 5);

        var (exitCode, output, error) = await RunAsync(_file.ConnectionString,
            "export", "--from", "2026-03-02", "--to", "2026-03-03T12:00:00Z");

        Assert.True(exitCode == AuditCommand.ExitOk, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal([2L, 3L], lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Export_ReadmeCommand_StdoutIsOnlyJsonLines()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 3);
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var command = readme.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("dotnet run", StringComparison.Ordinal)
            && l.Contains("audit export", StringComparison.Ordinal) && l.Contains(" > ", StringComparison.Ordinal));
        var words = command[..command.IndexOf(" > ", StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // The README's command, from the repository root; only told not to build again, and which build.
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("--no-build");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(RepositoryPaths.Configuration);
        for (var i = 2; i < words.Length; i++)
        {
            // The README's dates, moved to the month of the test records.
            start.ArgumentList.Add(words[i - 1] is "--from" ? "2026-03-01" : words[i - 1] is "--to" ? "2026-03-31" : words[i]);
        }

        start.Environment["Storage__Provider"] = "Sqlite";
        start.Environment["Storage__ConnectionString"] = _file.ConnectionString;
        start.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
        using var process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == AuditCommand.ExitOk, await error);
        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(line).RootElement.ValueKind));
    }

    [Fact]
    public async Task RunAsync_ExportToFile_WritesFileAndReportsOnStderr()
    {
        await AuditTestData.AppendAsync(AuditTestData.CreateLog(_file), 3);
        string path = Path.Combine(_workingFolder, "audit.jsonl");
        var (output, error) = (new StringWriter(), new StringWriter());

        int exitCode = await InProcessAsync(["export", "--out", path], output, error);

        Assert.Equal(AuditCommand.ExitOk, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains("Exported 3 records", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(3, (await File.ReadAllLinesAsync(path)).Length);
    }

    [Fact]
    public async Task RunAsync_DatabaseFromBeforeTheAuditLog_MigratesThenVerifies()
    {
        using (var db = _file.CreateDbContext())
        {
            await db.GetService<IMigrator>().MigrateAsync("InitialCreate");
        }

        var (output, error) = (new StringWriter(), new StringWriter());

        int exitCode = await InProcessAsync(["verify"], output, error);

        Assert.True(exitCode == AuditCommand.ExitOk, error.ToString());
        Assert.Contains("Audit chain OK: 0 records", output.ToString(), StringComparison.Ordinal);
    }

    private Task<int> InProcessAsync(string[] args, TextWriter output, TextWriter error) =>
        AuditCommand.RunAsync(args, output, error, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:ConnectionString"] = _file.ConnectionString,
            ["Audit:KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey,
        }, default);

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string connectionString, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // No appsettings here: what the process sees comes from the environment below.
            WorkingDirectory = _workingFolder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "TeamsBot.dll"));
        start.ArgumentList.Add("audit");
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["Storage__Provider"] = "Sqlite";
        start.Environment["Storage__ConnectionString"] = connectionString;
        start.Environment["Audit__KeyEncryptionKey"] = AuditTestData.KeyEncryptionKey;
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
