using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using TeamsBot.Audit;

namespace TeamsBot.Lifecycle;

/// <summary>The parsed arguments after <c>hold</c>.</summary>
internal sealed record HoldCommandLine(HoldVerb Verb, string? TenantId = null, string? UserId = null,
    string? ConversationId = null, string? Reason = null, long? Id = null)
{
    public const string Usage = """
        Usage:
          TeamsBot hold place --tenant <tenant id> --user <Entra object id> --reason <text>
          TeamsBot hold place --tenant <tenant id> --conversation <conversation id> --reason <text>
              Keeps everything stored of the user (or in the conversation; a channel's id covers its threads) through
              retention and "forget me" until lifted. Prints the hold's id. Audited, with the reason hashed.
          TeamsBot hold lift --id <hold id>
              Lifts the hold; the data then follows retention and "forget me" again. Audited.
          TeamsBot hold list [--tenant <tenant id>]
              Holds in force, one per line: id, tenant, user or conversation, placed at, by, reason.
          TeamsBot hold help

        Uses the app's configuration like the audit verb; settings can follow the command:
        --Storage:Provider=Postgres --Storage:ConnectionString="Host=…".
        Exit codes: 0 ok, 1 no such hold, 2 bad arguments, 3 database or configuration problem.
        """;

    private static readonly string[] PlaceOptions = ["--tenant", "--user", "--conversation", "--reason"];
    private static readonly string[] LiftOptions = ["--id"];
    private static readonly string[] ListOptions = ["--tenant"];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out HoldCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        command = null;
        switch (args.Count > 0 ? args[0] : null)
        {
            case "help" or "--help" or "-h":
                command = new HoldCommandLine(HoldVerb.Help);
                error = null;
                return true;
            case "place":
                return TryParsePlace(args, out command, out error);
            case "lift":
                return TryParseLift(args, out command, out error);
            case "list":
                if (!VerbOptions.TryRead(args, 1, "hold list", ListOptions, out var listValues, out error))
                {
                    return false;
                }

                command = new HoldCommandLine(HoldVerb.List, listValues.GetValueOrDefault("--tenant"));
                return true;
            case null:
                error = "Missing command: place, lift or list.";
                return false;
            default:
                error = $"Unknown command '{args[0]}': expected place, lift or list.";
                return false;
        }
    }

    private static bool TryParsePlace(IReadOnlyList<string> args, [NotNullWhen(true)] out HoldCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        command = null;
        if (!VerbOptions.TryRead(args, 1, "hold place", PlaceOptions, out var values, out error))
        {
            return false;
        }

        if (!values.TryGetValue("--tenant", out string? tenant) || !values.TryGetValue("--reason", out string? reason))
        {
            error = "'hold place' needs --tenant and --reason.";
            return false;
        }

        string? user = values.GetValueOrDefault("--user");
        string? conversation = values.GetValueOrDefault("--conversation");
        if ((user is null) == (conversation is null))
        {
            error = "'hold place' needs --user or --conversation, not both.";
            return false;
        }

        if (reason.Length > LegalHoldRecord.MaxReasonLength)
        {
            error = $"--reason is longer than {LegalHoldRecord.MaxReasonLength} characters.";
            return false;
        }

        command = new HoldCommandLine(HoldVerb.Place, tenant, user, conversation, reason);
        return true;
    }

    private static bool TryParseLift(IReadOnlyList<string> args, [NotNullWhen(true)] out HoldCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        command = null;
        if (!VerbOptions.TryRead(args, 1, "hold lift", LiftOptions, out var values, out error))
        {
            return false;
        }

        if (!values.TryGetValue("--id", out string? idText)
            || !long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out long id) || id < 1)
        {
            error = "'hold lift' needs --id with a hold's number (see 'hold list').";
            return false;
        }

        command = new HoldCommandLine(HoldVerb.Lift, Id: id);
        return true;
    }
}
