
namespace TeamsBot.Storage;

/// <summary>Where conversations are kept. Section <c>Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>Empty with Sqlite means a file in the app's data folder (App_Data/teamsbot.db).</summary>
    public string? ConnectionString { get; set; }
}
