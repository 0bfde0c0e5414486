namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// Lists the documents at a collection's location, each with a version that changes when the document does, so an
/// index run reads only what changed. A folder on the server lists files (version: size and modification time); a
/// SharePoint or OneDrive connector will list a drive's items through Graph (version: the item's eTag). The same
/// type's <see cref="IDocumentSource.ReadAsync"/> reads what it listed.
/// </summary>
public interface ICollectionSource
{
    /// <summary>The <see cref="SourceDocument.SourceKind"/> of the documents it lists.</summary>
    string Kind { get; }

    /// <summary>
    /// Checks a location an admin names and returns it as stored (for a folder: the full path with links resolved);
    /// throws <see cref="CollectionLocationException"/> saying why it cannot be a collection.
    /// </summary>
    string NormaliseLocation(string location);

    /// <summary>
    /// The readable documents at the location, at most <paramref name="maxDocuments"/> (more throws
    /// <see cref="CollectionLocationException"/>, so a run never removes what it did not get to see).
    /// </summary>
    Task<IReadOnlyList<ListedDocument>> ListAsync(string location, int maxDocuments, CancellationToken cancellationToken);
}
