namespace TeamsBot.Knowledge;

/// <summary>Where a stored document is in its indexing.</summary>
public enum KnowledgeDocumentState
{
    /// <summary>Its passages have their vectors: searched by words and meaning.</summary>
    Ready = 0,

    /// <summary>Read and redacted, passages stored without vectors: a background worker embeds them.</summary>
    Pending = 1,

    /// <summary>
    /// A file sent in chat, accepted but not read yet: a background reader is downloading it (no passages yet). It
    /// counts towards the person's files, is listed as reading, and is given up on after
    /// <see cref="KnowledgeDocumentRecord.ReadingDeadline"/> (its reader died with its instance).
    /// </summary>
    Reading = 2,
}
