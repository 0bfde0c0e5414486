using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using TeamsBot.Storage;

namespace TeamsBot.Audit;

/// <summary>
/// The key that wraps every audit subject's key, kept out of the database: <c>Audit:KeyEncryptionKey</c> (a Key Vault
/// reference in production). Without it, a SQLite database gets a key file of its own beside it, created once, readable
/// by the bot's user only — a copy of the database alone then reads as random ids and ciphertext. Several instances on
/// PostgreSQL must share one key, so there it must be configured (startup fails otherwise).
/// </summary>
internal sealed partial class AuditKeyEncryptionKey
{
    private readonly Lazy<byte[]> _key;

    public AuditKeyEncryptionKey(IOptions<AuditOptions> audit, IOptions<StorageOptions> storage,
        IHostEnvironment environment, ILogger<AuditKeyEncryptionKey> logger)
    {
        _key = new Lazy<byte[]>(() => Resolve(audit.Value, storage.Value, environment, logger));
    }

    public ReadOnlySpan<byte> Key => _key.Value;

    /// <summary>The configured key stretched or cut to 32 bytes by HKDF, so any key of 32 bytes or more works.</summary>
    internal static byte[]? FromConfiguration(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(configured.Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        return bytes.Length < AuditCipher.KeyBytes
            ? null
            : HKDF.DeriveKey(HashAlgorithmName.SHA256, bytes, AuditCipher.KeyBytes, salt: [],
                "teamsbot-audit-kek-v1"u8.ToArray());
    }

    /// <summary>Where the key file of a SQLite database lives; null for an in-memory database (its data dies with it).</summary>
    internal static string? KeyFilePath(StorageOptions storage, IHostEnvironment environment)
    {
        var builder = new SqliteConnectionStringBuilder(BotDbContextFactory.SqliteConnectionString(storage, environment));
        return builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(builder.DataSource)
            || builder.DataSource == ":memory:"
            ? null
            : Path.GetFullPath(builder.DataSource) + ".audit-key";
    }

    private static byte[] Resolve(AuditOptions audit, StorageOptions storage, IHostEnvironment environment,
        ILogger logger)
    {
        if (FromConfiguration(audit.KeyEncryptionKey) is { } configured)
        {
            return configured;
        }

        if (storage.Provider == StorageProvider.Postgres)
        {
            // The validator stops start-up before this; a verb built without it must not invent a key either.
            throw new InvalidOperationException("Audit:KeyEncryptionKey must be set with PostgreSQL storage.");
        }

        if (KeyFilePath(storage, environment) is not { } path)
        {
            return AuditCipher.NewKey();
        }

        if (File.Exists(path))
        {
            return FromConfiguration(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"The audit key file {path} is not a base64 key of 32 bytes or more.");
        }

        byte[] key = AuditCipher.NewKey();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var file = new StreamWriter(path, options);
            file.Write(Convert.ToBase64String(key));
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return FromConfiguration(File.ReadAllText(path))!;
        }

        LogKeyFileCreated(logger, path);
        return FromConfiguration(Convert.ToBase64String(key))!;
    }

    [LoggerMessage(EventId = 1541, Level = LogLevel.Warning,
        Message = "Audit:KeyEncryptionKey is not set: created the key file {Path} to wrap audit keys. Back it up with the database, or set Audit:KeyEncryptionKey")]
    private static partial void LogKeyFileCreated(ILogger logger, string path);
}
