using System.Data.Common;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Dlp;
using TeamsBot.Graph;
using TeamsBot.Hosting;
using TeamsBot.Policy;

namespace TeamsBot.Reports;

/// <summary>
/// <c>TeamsBot report …</c>: the usage report, run against the app's database with the app's configuration, without
/// starting the web server. Stdout carries only the report.
/// </summary>
public static class ReportCommand
{
    /// <param name="args">The arguments after <c>report</c>.</param>
    /// <param name="output">The report, and nothing else.</param>
    /// <param name="error">Usage, warnings and problems.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, settings: null, configure: null, CancellationToken.None);

    /// <summary>As above, with configuration on top of the app's and services replaced (for tests).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configure,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (verbArgs, configurationArgs) = AuditCommand.SplitConfiguration(args);
        if (!ReportCommandLine.TryParse(verbArgs, out var command, out string? problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync();
            await error.WriteLineAsync(ReportCommandLine.Usage);
            return AuditCommand.ExitUsage;
        }

        if (command.Help)
        {
            await output.WriteLineAsync(ReportCommandLine.Usage);
            return AuditCommand.ExitOk;
        }

        await using var host = VerbHost.Build(configurationArgs, settings, services =>
        {
            // The directory and the policy need the bot's tenant and the DLP rules they were configured with.
            services.AddOptions<BotAuthenticationOptions>().BindConfiguration(BotAuthenticationOptions.SectionName);
            services.AddDlp();
            services.AddTenantPolicy();
            services.AddUserDirectory();
            services.AddUsageReports();
            configure?.Invoke(services);
        });
        try
        {
            await AuditCommand.OpenDatabaseAsync(host.Services, cancellationToken);
            var report = await host.Services.GetRequiredService<UsageReportBuilder>()
                .BuildAsync(command.Request!, cancellationToken);
            if (report.UnresolvedUsers > 0)
            {
                await error.WriteLineAsync(
                    $"report: the directory described {report.Users - report.UnresolvedUsers} of {report.Users} users; the rest are under \"{UsageReport.UnknownGroup}\".");
            }

            await (command.Format == ReportFormat.Json
                ? ReportJsonWriter.WriteAsync(report, output, cancellationToken)
                : ReportCsvWriter.WriteAsync(report, output, cancellationToken));
            return AuditCommand.ExitOk;
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException
            or AuditCommand.DatabaseMissingException or IOException)
        {
            // Configuration and connection problems are the operator's to fix: say what, without a stack trace.
            await error.WriteLineAsync($"report: {e.Message}");
            return AuditCommand.ExitUnavailable;
        }
    }
}
