namespace TeamsBot.Knowledge;

/// <summary>Where a stored document is in its indexing.</summary>
public enum KnowledgeDocumentState
{
    /// <summary>Its passages have their vectors: searched by words and meaning.</summary>
    Ready = 0,

    /// <summary>Read and redacted, passages stored without vectors: a background worker embeds them.</summary>
    Pending = 1,
}
