namespace TeamsBot.Audit;

/// <summary>An audit subject whose key still exists: who they are, and the key that opens their records.</summary>
internal sealed record OpenSubject(string TenantId, string UserId, byte[] Key);
