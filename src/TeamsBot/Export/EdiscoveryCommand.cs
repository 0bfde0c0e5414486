using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;

namespace TeamsBot.Export;

/// <summary>
/// <c>TeamsBot ediscovery export|verify …</c>: an admin's export of a user's or a conversation's data, tied to the audit
/// log by its hash, run against the app's database with the app's configuration, without starting the web server.
/// </summary>
public static class EdiscoveryCommand
{
    public const int ExitNotInAuditLog = 1;

    /// <param name="args">The arguments after <c>ediscovery</c>.</param>
    /// <param name="output">Results.</param>
    /// <param name="error">Usage and problems.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, settings: null, CancellationToken.None);

    /// <summary>As above, with configuration on top of the app's (for tests).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (verbArgs, configurationArgs) = AuditCommand.SplitConfiguration(args);
        if (!EdiscoveryCommandLine.TryParse(verbArgs, out var command, out string? problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync();
            await error.WriteLineAsync(EdiscoveryCommandLine.Usage);
            return AuditCommand.ExitUsage;
        }

        if (command.Verb == EdiscoveryVerb.Help)
        {
            await output.WriteLineAsync(EdiscoveryCommandLine.Usage);
            return AuditCommand.ExitOk;
        }

        await using var host = VerbHost.Build(configurationArgs, settings, services =>
        {
            services.AddAuditLog();
            services.AddDataExport();
            services.AddSingleton<EdiscoveryExporter>();
        });
        try
        {
            await AuditCommand.OpenDatabaseAsync(host.Services, cancellationToken);
            var exporter = host.Services.GetRequiredService<EdiscoveryExporter>();
            return command.Verb == EdiscoveryVerb.Export
                ? await ExportAsync(exporter, command, output, cancellationToken)
                : await VerifyAsync(exporter, host.Services.GetRequiredService<AuditChainVerifier>(), command.Path!,
                    output, cancellationToken);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException
            or AuditCommand.DatabaseMissingException or IOException or UnauthorizedAccessException)
        {
            // Configuration, connection and file problems are the operator's to fix: say what, without a stack trace.
            await error.WriteLineAsync($"ediscovery {verbArgs[0]}: {e.Message}");
            return AuditCommand.ExitUnavailable;
        }
    }

    private static async Task<int> ExportAsync(EdiscoveryExporter exporter, EdiscoveryCommandLine command,
        TextWriter output, CancellationToken cancellationToken)
    {
        var receipt = await exporter.ExportAsync(command.Subject!, command.Path!, "cli:" + Environment.UserName,
            cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Exported {command.Subject!.Describe()} in tenant {command.Subject.TenantId} to {Path.GetFullPath(command.Path!)}: {receipt.Turns} messages, {receipt.Feedback} feedback, {receipt.Files} files, {receipt.Holds} holds. SHA-256 {receipt.Sha256}, in the audit log."));
        return AuditCommand.ExitOk;
    }

    private static async Task<int> VerifyAsync(EdiscoveryExporter exporter, AuditChainVerifier verifier, string path,
        TextWriter output, CancellationToken cancellationToken)
    {
        var (hash, record) = await exporter.FindAsync(path, cancellationToken);
        if (record is null)
        {
            await output.WriteLineAsync($"NOT FOUND: no eDiscovery export in the audit log has SHA-256 {hash}; the file was changed or not exported by this app.");
            return ExitNotInAuditLog;
        }

        var chain = await verifier.VerifyAsync(cancellationToken);
        string found = string.Create(CultureInfo.InvariantCulture,
            $"File matches audit record {record.Sequence} of {AuditHash.FormatTimestamp(record.Timestamp)} ({record.Rule})");
        if (!chain.IsValid)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{found}, but the audit chain is BROKEN at record {chain.BrokenSequence}: {chain.Detail}."));
            return ExitNotInAuditLog;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{found}. Audit chain OK: {chain.Count} records."));
        return AuditCommand.ExitOk;
    }
}
