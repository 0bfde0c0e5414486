using System.Diagnostics.CodeAnalysis;
using TeamsBot.Audit;

namespace TeamsBot.Export;

/// <summary>The parsed arguments after <c>ediscovery</c>.</summary>
internal sealed record EdiscoveryCommandLine(EdiscoveryVerb Verb, ExportSubject? Subject = null, string? Path = null)
{
    public const string Usage = """
        Usage:
          TeamsBot ediscovery export --tenant <tenant id> --user <Entra object id> --out <file.zip>
          TeamsBot ediscovery export --tenant <tenant id> --conversation <conversation id> --out <file.zip>
              Writes everything stored of the user (their messages and the answers to them in every conversation, their
              feedback, their files' details) or of the conversation (a channel's id takes its threads; all feedback on
              them), with the legal holds that cover it, as one zip: teamsbot-export.jsonl and teamsbot-export.md.
              The file must not exist yet. An audit record names the export and holds the file's SHA-256.
          TeamsBot ediscovery verify --file <file.zip>
              Finds the audit record holding the file's SHA-256 and verifies the audit chain: the file is then the one
              exported, unchanged, at the time the record says.
          TeamsBot ediscovery help

        Uses the app's configuration like the audit verb; settings can follow the command:
        --Storage:Provider=Postgres --Storage:ConnectionString="Host=…".
        Exit codes: 0 ok, 1 file not in the audit log or chain broken, 2 bad arguments, 3 database, file or
        configuration problem.
        """;

    private static readonly string[] ExportOptions = ["--tenant", "--user", "--conversation", "--out"];
    private static readonly string[] VerifyOptions = ["--file"];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out EdiscoveryCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        command = null;
        switch (args.Count > 0 ? args[0] : null)
        {
            case "help" or "--help" or "-h":
                command = new EdiscoveryCommandLine(EdiscoveryVerb.Help);
                error = null;
                return true;
            case "export":
                return TryParseExport(args, out command, out error);
            case "verify":
                if (!VerbOptions.TryRead(args, 1, "ediscovery verify", VerifyOptions, out var verifyValues, out error))
                {
                    return false;
                }

                if (!verifyValues.TryGetValue("--file", out string? file))
                {
                    error = "'ediscovery verify' needs --file.";
                    return false;
                }

                command = new EdiscoveryCommandLine(EdiscoveryVerb.Verify, Path: file);
                return true;
            case null:
                error = "Missing command: export or verify.";
                return false;
            default:
                error = $"Unknown command '{args[0]}': expected export or verify.";
                return false;
        }
    }

    private static bool TryParseExport(IReadOnlyList<string> args, [NotNullWhen(true)] out EdiscoveryCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        command = null;
        if (!VerbOptions.TryRead(args, 1, "ediscovery export", ExportOptions, out var values, out error))
        {
            return false;
        }

        if (!values.TryGetValue("--tenant", out string? tenant) || !values.TryGetValue("--out", out string? path))
        {
            error = "'ediscovery export' needs --tenant and --out.";
            return false;
        }

        string? user = values.GetValueOrDefault("--user");
        string? conversation = values.GetValueOrDefault("--conversation");
        if ((user is null) == (conversation is null))
        {
            error = "'ediscovery export' needs --user or --conversation, not both.";
            return false;
        }

        command = new EdiscoveryCommandLine(EdiscoveryVerb.Export,
            user is not null ? ExportSubject.ForUser(tenant, user) : ExportSubject.ForConversation(tenant, conversation!),
            path);
        return true;
    }
}
