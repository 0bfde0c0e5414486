namespace TeamsBot.Knowledge;

/// <summary>
/// A file Teams delivered in a personal chat (<c>application/vnd.microsoft.teams.file.download.info</c>): its name,
/// Teams' type and id for it, and the short-lived link to read it from. The link is a bearer credential: it is used
/// once and never stored or logged.
/// </summary>
public sealed record ReceivedFile(string Name, string? FileType, string? UniqueId, Uri? DownloadUrl);
