using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsBot.Storage;

/// <summary>
/// What SQLite keeps per connection, set in one command on every connection as it opens (a pooled connection may
/// come back changed: a receipt raises <c>synchronous</c>): secure delete (<see cref="SqliteSecureDelete"/>), the
/// busy wait and the commit sync (<see cref="SqliteWriteWaits"/>), and the size of the page cache.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>
    /// KiB of page cache per connection, against SQLite's default of 2,000. Each pooled connection has a cache of its
    /// own, and a burst of messages opens thirty or more: at the default they held 30–55 MiB at the peak of the load
    /// benchmark's 1,000 conversations (docs/benchmarks.md). The operating system's file cache still holds the
    /// database, so a page this cache misses is a copy from memory, not a read from disk.
    /// </summary>
    internal const int PageCacheKib = 256;

    private static readonly string Pragmas =
        $"{SqliteSecureDelete.Pragma} {SqliteWriteWaits.Pragmas} PRAGMA cache_size=-{PageCacheKib};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
