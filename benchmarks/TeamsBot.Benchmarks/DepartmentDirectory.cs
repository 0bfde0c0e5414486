using TeamsBot.Graph;

namespace TeamsBot.Benchmarks;

/// <summary>
/// An in-process directory: 40 departments of varied size and a few tiny ones, so folding has work to do. It stands
/// for Graph with a warm cache; a cold Graph costs one round trip per user on top of what is measured here.
/// </summary>
internal sealed class DepartmentDirectory : IUserDirectory
{
    private static readonly IReadOnlySet<string> NoGroups = new HashSet<string>();

    public Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        int number = int.Parse(userId.AsSpan(userId.Length - 12), System.Globalization.CultureInfo.InvariantCulture);
        // Users 0-9 get departments of their own: each is below k and must fold.
        string department = number < 10 ? $"Tiny {number}" : $"Department {number % 40}";
        return Task.FromResult(new DirectoryUser(userId, null, department, NoGroups));
    }
}
