namespace TeamsBot.Knowledge.Embeddings;

/// <summary>Where passage and question vectors come from.</summary>
public enum EmbeddingProvider
{
    /// <summary>all-MiniLM-L6-v2 inside the bot (ONNX Runtime): no service, nothing leaves the process.</summary>
    Local,

    /// <summary>The configured model server's embeddings endpoint (<c>Model:*</c>), deployment <c>Deployment</c>.</summary>
    Model,
}
