namespace TeamsBot.Knowledge;

/// <summary>Why a file was not kept. Each has its own card; the value goes to logs (never the file's name or text).</summary>
public enum FileRefusal
{
    /// <summary>Not a type the bot reads.</summary>
    UnsupportedType = 0,

    /// <summary>Larger than <see cref="KnowledgeOptions.MaxFileBytes"/>.</summary>
    TooLarge = 1,

    /// <summary>Its download link points at a host the admin does not allow.</summary>
    HostNotAllowed = 2,

    /// <summary>The download failed or took too long.</summary>
    DownloadFailed = 3,

    /// <summary>The content is not what its type says, or could not be read (a damaged or hostile file).</summary>
    Unreadable = 4,

    /// <summary>More text, pages or unpacked bytes than the limits allow (including zip bombs).</summary>
    OverLimits = 5,

    /// <summary>No text in it (a scanned PDF, an empty file).</summary>
    NoText = 6,

    /// <summary>The person already keeps <see cref="KnowledgeOptions.MaxFilesPerUser"/> files.</summary>
    TooManyFiles = 7,

    /// <summary>Reading took longer than <see cref="KnowledgeOptions.ReceiveTimeout"/>.</summary>
    TimedOut = 8,

    /// <summary>Files are turned off, or sent outside the personal chat.</summary>
    NotHere = 9,

    /// <summary>Its passages could not be embedded for search (the embeddings endpoint failed).</summary>
    IndexingFailed = 10,

    /// <summary>A collection's document is not a plain file inside the collection's folder (a link, or a path out of it).</summary>
    OutsideCollection = 11,

    /// <summary>Too many files are waiting to be read on this instance; sent again in a moment, it is taken.</summary>
    Busy = 12,

    /// <summary>Its reading was cut off (the instance reading it stopped) and nothing of it was kept.</summary>
    Lost = 13,
}
