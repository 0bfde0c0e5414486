namespace TeamsBot.Graph;

public interface IUserDirectory
{
    /// <summary>The user's transitive group ids (and department when configured). Throws <see cref="DirectoryUnavailableException"/>.</summary>
    Task<DirectoryUser> GetUserAsync(string tenantId, string userId, CancellationToken cancellationToken);
}
