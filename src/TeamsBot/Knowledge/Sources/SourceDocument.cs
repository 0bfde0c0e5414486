namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// A document as a source names it: a stable key within the source (Teams' file id, a path under a collection's
/// folder, a drive item id), where to read it, its name and type, and who may read what is indexed from it. A
/// collection's document also names the location it was listed from (<paramref name="Container"/>: the source refuses
/// to read anything outside it) and its <paramref name="Version"/> there.
/// </summary>
public sealed record SourceDocument(
    string SourceKind,
    string SourceKey,
    string Name,
    KnowledgeFileType Type,
    Uri Location,
    DocumentAccess Access,
    string? Container = null,
    string? Version = null);
