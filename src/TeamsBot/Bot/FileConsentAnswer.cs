namespace TeamsBot.Bot;

/// <summary>
/// A user's answer to a file consent card, as <see cref="FileConsentInvokeReader"/> read it: who answered, the token the
/// card carried (untrusted until checked) and, on accept, where Teams wants the file.
/// </summary>
internal sealed record FileConsentAnswer(
    bool Accepted,
    string TenantId,
    string UserId,
    string? Token,
    Uri? UploadUrl,
    string? Name,
    string? ContentUrl,
    string? UniqueId,
    string? FileType);
