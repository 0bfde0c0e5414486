namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// A set of company documents an admin registered from one location (a folder the server can read), readable by the
/// Entra groups and users named in <see cref="Readers"/>. Its documents are <see cref="KnowledgeDocumentRecord"/> rows
/// with <see cref="KnowledgeDocumentRecord.CollectionId"/> set to <see cref="Id"/>.
/// </summary>
public sealed class KnowledgeCollectionRecord
{
    public const int MaxNameLength = 64;

    /// <summary>Random and opaque: passages carry it, and the access filter compares it.</summary>
    public required string Id { get; set; }

    public required string TenantId { get; set; }

    /// <summary>What admins call it in commands; unique in the tenant.</summary>
    public required string Name { get; set; }

    /// <summary>The source that lists and reads its documents (see <see cref="Sources.ICollectionSource.Kind"/>).</summary>
    public required string SourceKind { get; set; }

    /// <summary>Where its documents are: for a folder, its full path as registered (links resolved).</summary>
    public required string Location { get; set; }

    /// <summary>
    /// Who may read it, in the canonical form of <see cref="CollectionReaders.TryParse"/>: <c>group:&lt;id&gt;</c> and
    /// <c>user:&lt;id&gt;</c>, comma-separated. Never empty: a collection nobody may read is refused when added.
    /// </summary>
    public required string Readers { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When an index run last finished; null until the first.</summary>
    public DateTime? IndexedAt { get; set; }

    /// <summary>When the next index run is due (now, after <c>reindex</c>).</summary>
    public DateTime NextIndexAt { get; set; }

    /// <summary>The instance indexing it now, if any, until <see cref="IndexLeaseUntil"/>.</summary>
    public string? IndexLeaseOwner { get; set; }

    public DateTime? IndexLeaseUntil { get; set; }
}
