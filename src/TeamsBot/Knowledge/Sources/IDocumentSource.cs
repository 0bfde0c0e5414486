namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// Where a document's bytes come from. Each source reads only what it was given a location for, never more than the
/// byte limit, and refuses with <see cref="FileRefusedException"/>. Files sent in a chat are read from Teams' download
/// link; an admin's folder from disk; a SharePoint or OneDrive connector will read through Graph on behalf of the
/// user, so that source needs nothing more than the document and the limit.
/// </summary>
public interface IDocumentSource
{
    /// <summary>The <see cref="SourceDocument.SourceKind"/> this source reads.</summary>
    string Kind { get; }

    /// <summary>The document's bytes; refused when larger than <paramref name="maxBytes"/> or not reachable.</summary>
    Task<byte[]> ReadAsync(SourceDocument document, long maxBytes, CancellationToken cancellationToken);
}
