namespace TeamsBot.Tests.TestUtils;

/// <summary>One request <see cref="UploadSessionDouble"/> received and how it answered.</summary>
public sealed record UploadRequest(string Method, string Path, string? ContentRange, bool HadAuthorization, int Status);
