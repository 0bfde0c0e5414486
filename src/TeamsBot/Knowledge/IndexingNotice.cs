namespace TeamsBot.Knowledge;

/// <summary>Where the card saying a file is ready goes: the personal chat's conversation reference, and the message it answers.</summary>
public sealed record IndexingNotice(string ReferenceJson, string ActivityId);
