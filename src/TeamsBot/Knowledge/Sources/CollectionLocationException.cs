namespace TeamsBot.Knowledge.Sources;

/// <summary>A collection's location cannot be used (outside the allowed roots, missing, too many files); the message says which.</summary>
public sealed class CollectionLocationException(string message) : Exception(message);
