namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// A run of text under one heading on one page (or slide, or sheet): what a citation can point at. Page is 1-based
/// and null where the format has no pages.
/// </summary>
public sealed record TextSection(string? Heading, int? Page, string Text);
