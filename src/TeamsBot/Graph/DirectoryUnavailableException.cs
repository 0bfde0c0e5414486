namespace TeamsBot.Graph;

/// <summary>Graph could not answer; access checks that need it must refuse.</summary>
public sealed class DirectoryUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
