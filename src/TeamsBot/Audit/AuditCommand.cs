using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>
/// <c>TeamsBot audit verify|export …</c>: maintenance commands that run against the app's database with the app's
/// configuration, without starting the web server.
/// </summary>
public static class AuditCommand
{
    public const int ExitOk = 0;
    public const int ExitChainBroken = 1;
    public const int ExitUsage = 2;
    public const int ExitUnavailable = 3;

    /// <param name="args">The arguments after <c>audit</c>.</param>
    /// <param name="output">Results (and the export, without <c>--out</c>).</param>
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
        var (verbArgs, configurationArgs) = SplitConfiguration(args);
        args = verbArgs;
        if (!AuditCommandLine.TryParse(args, out var command, out string? problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync();
            await error.WriteLineAsync(AuditCommandLine.Usage);
            return ExitUsage;
        }

        if (command.Verb == AuditVerb.Help)
        {
            await output.WriteLineAsync(AuditCommandLine.Usage);
            return ExitOk;
        }

        await using var host = VerbHost.Build(configurationArgs, settings, services => services.AddAuditLog());
        var services = host.Services;
        try
        {
            await OpenDatabaseAsync(services, cancellationToken);
            return command.Verb == AuditVerb.Verify
                ? await VerifyAsync(services.GetRequiredService<AuditChainVerifier>(),
                    services.GetRequiredService<IOptions<AuditOptions>>().Value,
                    services.GetRequiredService<IDbContextFactory<BotDbContext>>(), output, cancellationToken)
                : await ExportAsync(services.GetRequiredService<AuditExporter>(), command, output, error, cancellationToken);
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException
            or DatabaseMissingException or IOException or UnauthorizedAccessException)
        {
            // Configuration, connection and file problems are the operator's to fix: say what, without a stack trace.
            await error.WriteLineAsync($"audit {args[0]}: {e.Message}");
            return ExitUnavailable;
        }
    }

    /// <summary>
    /// Separates configuration given on the command line, as the app takes it (<c>--Storage:Provider=Postgres</c> or
    /// <c>--Storage:ConnectionString "Host=…"</c>: a key with a section), from the verb and its options.
    /// </summary>
    internal static (string[] Verb, string[] Configuration) SplitConfiguration(IReadOnlyList<string> args)
    {
        var verb = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || !arg.Contains(':', StringComparison.Ordinal))
            {
                verb.Add(arg);
                continue;
            }

            configuration.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Count)
            {
                configuration.Add(args[++i]);
            }
        }

        return ([.. verb], [.. configuration]);
    }

    /// <summary>
    /// Refuses a database that does not exist, then migrates. Migrate alone would create an empty one, and a mistyped
    /// connection string must not verify as an empty, valid log.
    /// </summary>
    internal static async Task OpenDatabaseAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var contexts = services.GetRequiredService<IDbContextFactory<BotDbContext>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            throw new DatabaseMissingException(storage.Provider == StorageProvider.Sqlite
                ? $"no database at {Path.GetFullPath(new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource)}. "
                    + "Check Storage:ConnectionString; the app creates the file when it first starts."
                : "the PostgreSQL database does not exist. Check Storage:ConnectionString; the app creates it when it first starts.");
        }

        await db.Database.MigrateAsync(cancellationToken);
    }

    private static async Task<int> VerifyAsync(AuditChainVerifier verifier, AuditOptions options,
        IDbContextFactory<BotDbContext> contexts, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await verifier.VerifyAsync(cancellationToken);
        if (result.IsValid && await CheckpointProblemAsync(result, options, contexts, cancellationToken) is { } problem)
        {
            await output.WriteLineAsync($"Audit chain BROKEN: {problem}. {result.Count} records are internally consistent.");
            return ExitChainBroken;
        }

        if (result.IsValid)
        {
            await output.WriteLineAsync(result.HeadSequence is null
                ? "Audit chain OK: 0 records."
                : $"Audit chain OK: {result.Count} records; head is record {result.HeadSequence} with hash {result.HeadHash}.");
            return ExitOk;
        }

        await output.WriteLineAsync(
            $"Audit chain BROKEN at record {result.BrokenSequence}: {result.Detail}. {result.Count} records before it are intact.");
        return ExitChainBroken;
    }

    private static async Task<int> ExportAsync(AuditExporter exporter, AuditCommandLine command, TextWriter output,
        TextWriter error, CancellationToken cancellationToken)
    {
        if (command.OutputPath is null)
        {
            await exporter.ExportAsync(command.From, command.To, output, cancellationToken);
            return ExitOk;
        }

        await using (var file = new StreamWriter(command.OutputPath, append: false, new UTF8Encoding(false)))
        {
            long count = await exporter.ExportAsync(command.From, command.To, file, cancellationToken);
            await error.WriteLineAsync($"Exported {count} records to {Path.GetFullPath(command.OutputPath)}.");
        }

        return ExitOk;
    }

    /// <summary>
    /// With Audit:CheckpointPath set, the chain must still hold the signed checkpoint's record with the same hash: a
    /// chain cut short, or rewritten and re-hashed, fails here even though it is consistent in itself.
    /// </summary>
    private static async Task<string?> CheckpointProblemAsync(AuditVerification result, AuditOptions options,
        IDbContextFactory<BotDbContext> contexts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.CheckpointPath))
        {
            return null;
        }

        var key = AuditCheckpoint.KeyBytes(options.CheckpointKey)
            ?? throw new InvalidOperationException("Audit:CheckpointKey is missing or too short.");
        if (await AuditCheckpoint.ReadAsync(options.CheckpointPath, cancellationToken) is not { } checkpoint)
        {
            return $"no checkpoint at {options.CheckpointPath} (the app writes one every Audit:CheckpointInterval)";
        }

        if (!checkpoint.IsSignedWith(key))
        {
            return "the checkpoint's signature does not match Audit:CheckpointKey (the file was altered)";
        }

        if (result.HeadSequence is not { } head || head < checkpoint.Sequence)
        {
            return $"the chain ends at record {result.HeadSequence ?? 0} but the checkpoint of {checkpoint.WrittenAt} saw record {checkpoint.Sequence} (records were removed)";
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        string? hash = await db.Set<AuditRecord>().Where(r => r.Sequence == checkpoint.Sequence).Select(r => r.Hash)
            .FirstOrDefaultAsync(cancellationToken);
        return hash == checkpoint.Hash
            ? null
            : $"record {checkpoint.Sequence} no longer has the hash the checkpoint of {checkpoint.WrittenAt} signed (the chain was rewritten)";
    }

    internal sealed class DatabaseMissingException(string message) : Exception(message);
}
