using System.Diagnostics.CodeAnalysis;
using TeamsBot.Audit;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// The parsed arguments after <c>knowledge collection</c> (command line) or <c>collection</c> (the admin command in
/// Teams): the same words in both places.
/// </summary>
internal sealed record CollectionCommandLine(CollectionVerb Verb, string? TenantId = null, string? Name = null,
    string? Folder = null, string? Readers = null)
{
    public const string Usage = """
        Usage:
          TeamsBot knowledge collection add --name <name> --folder <path> --readers group:<id>,user:<id> [--tenant <tenant id>]
              Registers the folder (under Knowledge:Collections:AllowedRoots) as a collection readable by the Entra
              groups (transitive members) and users named, and indexes it now. Prints what was indexed.
          TeamsBot knowledge collection list [--tenant <tenant id>]
              Collections, one per line: tenant, name, readers, folder, last indexed.
          TeamsBot knowledge collection reindex --name <name> [--tenant <tenant id>]
              Compares the folder with the index now: adds new files, reads changed ones, removes deleted ones.
          TeamsBot knowledge collection remove --name <name> [--tenant <tenant id>]
              Removes the collection with everything indexed from it.
          TeamsBot knowledge collection help

        --tenant defaults to Graph:TenantId, then MicrosoftAppTenantId. Uses the app's configuration like the audit
        verb; settings can follow the command: --Storage:Provider=Postgres --Storage:ConnectionString="Host=…".
        Exit codes: 0 ok, 1 no such collection or refused, 2 bad arguments, 3 database or configuration problem.
        """;

    /// <summary>The same commands as typed to the bot in Teams (the tenant is the admin's own).</summary>
    public const string TeamsUsage =
        "collection add --name <name> --folder <path> --readers group:<id>,user:<id> · collection list · "
        + "collection reindex --name <name> · collection remove --name <name>. Put a folder with spaces in \"quotes\".";

    private static readonly string[] AddOptions = ["--tenant", "--name", "--folder", "--readers"];
    private static readonly string[] NameOptions = ["--tenant", "--name"];
    private static readonly string[] ListOptions = ["--tenant"];

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out CollectionCommandLine? command,
        [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        command = null;
        string? verb = args.Count > 0 ? args[0].ToLowerInvariant() : null;
        var (kind, allowed) = verb switch
        {
            "help" or "--help" or "-h" => (CollectionVerb.Help, []),
            "add" => (CollectionVerb.Add, AddOptions),
            "list" => (CollectionVerb.List, ListOptions),
            "remove" => (CollectionVerb.Remove, NameOptions),
            "reindex" => (CollectionVerb.Reindex, NameOptions),
            _ => (CollectionVerb.Help, (string[]?)null),
        };
        if (allowed is null)
        {
            error = verb is null ? "Missing command: add, list, reindex or remove."
                : $"Unknown command '{args[0]}': expected add, list, reindex or remove.";
            return false;
        }

        if (kind == CollectionVerb.Help)
        {
            command = new CollectionCommandLine(CollectionVerb.Help);
            error = null;
            return true;
        }

        if (!VerbOptions.TryRead(args, 1, "collection " + verb, allowed, out var values, out error))
        {
            return false;
        }

        string? name = values.GetValueOrDefault("--name");
        if (kind != CollectionVerb.List && name is null)
        {
            error = $"'collection {verb}' needs --name.";
            return false;
        }

        if (kind == CollectionVerb.Add && (!values.ContainsKey("--folder") || !values.ContainsKey("--readers")))
        {
            error = "'collection add' needs --name, --folder and --readers.";
            return false;
        }

        command = new CollectionCommandLine(kind, values.GetValueOrDefault("--tenant"), name,
            values.GetValueOrDefault("--folder"), values.GetValueOrDefault("--readers"));
        return true;
    }
}
