namespace TeamsBot.Graph;

public interface IUserDirectory
{
    /// <summary>The user's profile and transitive group ids. Throws <see cref="DirectoryUnavailableException"/>.</summary>
    Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken);
}
