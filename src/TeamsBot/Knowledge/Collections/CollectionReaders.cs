using System.Diagnostics.CodeAnalysis;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// A collection's readers as admins write them (<c>group:&lt;object id&gt;,user:&lt;object id&gt;</c>) and as they are
/// stored: lower-case kinds, ids as given, no duplicates, sorted, so one set of readers is always one string.
/// </summary>
internal static class CollectionReaders
{
    public const string GroupPrefix = "group:";
    public const string UserPrefix = "user:";
    public const int MaxReaders = 100;

    /// <summary>The canonical form, or an error saying what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out string? readers, [NotNullWhen(false)] out string? error)
    {
        readers = null;
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string raw in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = raw.IndexOf(':', StringComparison.Ordinal);
            string kind = colon < 0 ? string.Empty : raw[..(colon + 1)].ToLowerInvariant();
            string id = colon < 0 ? string.Empty : raw[(colon + 1)..].Trim();
            if (kind is not (GroupPrefix or UserPrefix) || !IsObjectId(id))
            {
                error = $"'{Shorten(raw)}' is not a reader: write group:<Entra object id> or user:<Entra object id>.";
                return false;
            }

            entries.Add(kind + id);
        }

        if (entries.Count == 0)
        {
            error = "Name at least one reader (group:<id> or user:<id>): a collection nobody may read is of no use.";
            return false;
        }

        if (entries.Count > MaxReaders)
        {
            error = $"At most {MaxReaders} readers; use a group for more people.";
            return false;
        }

        readers = string.Join(',', entries);
        error = null;
        return true;
    }

    /// <summary>The stored readers as (kind, id) pairs.</summary>
    public static IEnumerable<(bool IsGroup, string Id)> Read(string readers) =>
        (readers ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(r =>
            r.StartsWith(GroupPrefix, StringComparison.Ordinal) ? (true, r[GroupPrefix.Length..])
            : r.StartsWith(UserPrefix, StringComparison.Ordinal) ? (false, r[UserPrefix.Length..])
            : (false, string.Empty)).Where(r => r.Item2.Length > 0);

    /// <summary>Whether any reader is a group (then reading it needs the directory).</summary>
    public static bool NamesGroups(string readers) => Read(readers).Any(r => r.IsGroup);

    /// <summary>
    /// Whether this person may read: named as a user, or a member (transitively) of a named group. Ids compare without
    /// case (Entra object ids are GUIDs, written in either case).
    /// </summary>
    public static bool Allows(string readers, string userId, IReadOnlySet<string> groupIds) =>
        Read(readers).Any(r => r.IsGroup
            ? groupIds.Contains(r.Id) || groupIds.Any(g => string.Equals(g, r.Id, StringComparison.OrdinalIgnoreCase))
            : string.Equals(r.Id, userId, StringComparison.OrdinalIgnoreCase));

    /// <summary>An Entra object id or an id Teams uses for a user: letters, digits, '-', at most 128 characters.</summary>
    private static bool IsObjectId(string id) =>
        id.Length is > 0 and <= 128 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.');

    private static string Shorten(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
