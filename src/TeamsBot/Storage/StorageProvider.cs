
namespace TeamsBot.Storage;

public enum StorageProvider
{
    /// <summary>An embedded file: one instance, no server to run.</summary>
    Sqlite,

    /// <summary>PostgreSQL (Npgsql): several instances share one database.</summary>
    Postgres,
}
