namespace TeamsBot.Export;

/// <summary>What an eDiscovery export wrote: the file's SHA-256 (hex) and what it holds, as its audit record says.</summary>
internal sealed record EdiscoveryReceipt(string Sha256, int Turns, int Feedback, int Files, int Holds);
