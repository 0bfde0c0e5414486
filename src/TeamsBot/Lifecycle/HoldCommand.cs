using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;

namespace TeamsBot.Lifecycle;

/// <summary>
/// <c>TeamsBot hold place|lift|list …</c>: legal holds, managed against the app's database with the app's
/// configuration, without starting the web server. Each change is in the audit log, placed or lifted by <c>cli</c>.
/// </summary>
public static class HoldCommand
{
    public const int ExitNoSuchHold = 1;

    /// <summary>How the audit log names an operator at the command line (a Teams admin is named by object id).</summary>
    internal const string CommandLineActor = "cli";

    /// <param name="args">The arguments after <c>hold</c>.</param>
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
        if (!HoldCommandLine.TryParse(verbArgs, out var command, out string? problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync();
            await error.WriteLineAsync(HoldCommandLine.Usage);
            return AuditCommand.ExitUsage;
        }

        if (command.Verb == HoldVerb.Help)
        {
            await output.WriteLineAsync(HoldCommandLine.Usage);
            return AuditCommand.ExitOk;
        }

        await using var host = VerbHost.Build(configurationArgs, settings, services =>
        {
            services.AddAuditLog();
            services.AddDataLifecycle();
        });
        try
        {
            await AuditCommand.OpenDatabaseAsync(host.Services, cancellationToken);
            var holds = host.Services.GetRequiredService<LegalHoldService>();
            switch (command.Verb)
            {
                case HoldVerb.Place:
                    var placed = await holds.PlaceAsync(new LegalHoldRequest(command.TenantId!, command.UserId,
                        command.ConversationId, command.Reason!, CommandLineActor), cancellationToken);
                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Hold {placed.Id} placed on {Target(placed)} in tenant {placed.TenantId}."));
                    return AuditCommand.ExitOk;
                case HoldVerb.Lift:
                    var lifted = await holds.LiftAsync(null, command.Id!.Value, CommandLineActor, cancellationToken);
                    if (lifted is null)
                    {
                        await error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"hold lift: there is no hold {command.Id} (see 'hold list')."));
                        return ExitNoSuchHold;
                    }

                    await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Hold {lifted.Id} on {Target(lifted)} lifted."));
                    return AuditCommand.ExitOk;
                default:
                    foreach (var hold in await holds.ListAsync(command.TenantId, cancellationToken))
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{hold.Id}\t{hold.TenantId}\t{Target(hold)}\t{AuditHash.FormatTimestamp(hold.PlacedAt)}\t{hold.PlacedBy}\t{hold.Reason}"));
                    }

                    return AuditCommand.ExitOk;
            }
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException
            or AuditCommand.DatabaseMissingException or IOException)
        {
            // Configuration and connection problems are the operator's to fix: say what, without a stack trace.
            await error.WriteLineAsync($"hold {verbArgs[0]}: {e.Message}");
            return AuditCommand.ExitUnavailable;
        }
    }

    internal static string Target(LegalHoldRecord hold) =>
        hold.UserId is { } user ? $"user {user}" : $"conversation {hold.ConversationId}";
}
