namespace TeamsBot.Knowledge;

/// <summary>One passage of a document as stored and quoted: its place (heading, page) travels with it.</summary>
public sealed record TextChunk(int Ordinal, string? Heading, int? Page, string Text);
