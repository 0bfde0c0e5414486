namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// A document a collection source listed: its key within the collection (a relative path, a drive item id), the name
/// citations show, its type, where to read it, and its version (compared with the stored one to skip unchanged ones).
/// </summary>
public sealed record ListedDocument(string Key, string Name, KnowledgeFileType Type, Uri Location, string Version);
