namespace TeamsBot.Export;

/// <summary>What became of an accepted export.</summary>
internal enum ExportDeliveryOutcome
{
    /// <summary>The file is in the user's OneDrive.</summary>
    Uploaded,

    /// <summary>The accept's token is not this user's, or it expired: nothing was built or sent.</summary>
    NotValid,

    /// <summary>The upload URL's host is not allowed: nothing was sent.</summary>
    HostNotAllowed,

    /// <summary>The upload session did not take the file.</summary>
    UploadFailed,
}
