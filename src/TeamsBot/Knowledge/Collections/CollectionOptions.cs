using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Knowledge.Collections;

/// <summary>Admin collections: where their folders may be and how often they are indexed again. Section <c>Knowledge:Collections</c>.</summary>
public sealed class CollectionOptions
{
    public const string SectionName = "Knowledge:Collections";

    /// <summary>
    /// Folders under which a collection's folder may be registered (absolute paths). Empty: no folder collections at
    /// all. Anything the bot's account can read under these folders can become readable by the people an admin names,
    /// so list document shares here, never the app's own folder or a system folder.
    /// </summary>
    public string[] AllowedRoots { get; set; } = [];

    /// <summary>How often each collection's folder is compared with its index (added, changed, deleted files).</summary>
    public TimeSpan ReindexInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long one instance holds a collection while indexing it; another instance takes over after this if the first
    /// stopped. Renewed while the run lasts.
    /// </summary>
    public TimeSpan IndexLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Most documents one collection may have; a folder with more is not indexed (and nothing is removed).</summary>
    [Range(1, 1_000_000)]
    public int MaxDocumentsPerCollection { get; set; } = 20_000;

    /// <summary>Longest reading one document may take (reading, DLP, embedding); a slower one is refused and retried next run.</summary>
    public TimeSpan DocumentTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
