namespace TeamsBot.Knowledge.Collections;

/// <summary>A collection's document as indexed: enough to tell whether its source changed.</summary>
internal sealed record IndexedDocument(long Id, string SourceKey, string? SourceVersion, string ContentHash);
