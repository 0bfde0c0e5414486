namespace TeamsBot.Graph;

/// <summary>
/// How the bot reads group membership from Microsoft Graph (app-only, with the credential <c>Azure:*</c> names).
/// Section <c>Graph</c>.
/// </summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Graph's v1.0 root; a national cloud or a test double may differ.</summary>
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>The tenant to read from when a turn names none; empty means MicrosoftAppTenantId.</summary>
    public string? TenantId { get; set; }

    /// <summary>
    /// Also read the user's department (for usage reports). Needs the User.Read.All application permission on top of
    /// GroupMember.Read.All; off by default so that group checks need GroupMember.Read.All only.
    /// </summary>
    public bool ReadDepartment { get; set; }

    /// <summary>
    /// How long a user's groups are remembered; membership changes apply after this. Removing someone from a group
    /// takes their access to its collections (and admin commands) away within this time. At most one hour.
    /// </summary>
    public TimeSpan CacheTtl { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Longest a look-up may take, token included. Admission runs while Teams waits for the acknowledgement (it
    /// re-delivers after ~15 s), so a slow directory is treated as unreachable: the message is refused, never held.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Guards against pathological membership lists: beyond this many pages the check fails closed.</summary>
    public int MaxPages { get; set; } = 50;
}
