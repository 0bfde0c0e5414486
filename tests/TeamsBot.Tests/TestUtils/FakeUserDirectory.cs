using TeamsBot.Graph;

namespace TeamsBot.Tests.TestUtils;

/// <summary>An in-process directory for stage tests; the Graph protocol itself is tested against GraphDouble.</summary>
public sealed class FakeUserDirectory : IUserDirectory
{
    public Dictionary<string, string[]> Groups { get; } = [];

    public bool Down { get; set; }

    public int Calls { get; private set; }

    public Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        Calls++;
        if (Down)
        {
            throw new DirectoryUnavailableException("down");
        }

        return Task.FromResult(new DirectoryUser(userId, "Ann Example", "Finance",
            new HashSet<string>(Groups.GetValueOrDefault(userId, []), StringComparer.OrdinalIgnoreCase)));
    }
}
