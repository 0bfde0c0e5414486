namespace TeamsBot.Export;

/// <summary>
/// What the consent card offers: the file's name and its size when it was offered (the file is built again when the
/// user allows it), and the token that only this user can redeem. Null <see cref="Token"/>: nothing to export.
/// </summary>
internal sealed record ExportOffer(string FileName, long SizeBytes, string? Token);
