namespace TeamsBot.Tests.TestUtils;

/// <summary>One call to the model double's embeddings endpoint, as received.</summary>
public sealed record EmbeddingRequest(string Path, string? Model, string? Deployment, string? EncodingFormat,
    IReadOnlyList<string> Inputs, string? ApiKey, string? Authorization);
