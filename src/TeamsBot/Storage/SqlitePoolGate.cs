using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsBot.Storage;

/// <summary>
/// Opens and closes the app's SQLite connections one at a time, in the process. Microsoft.Data.Sqlite's pool, asked
/// for a connection when none is free, takes back every connection it believes leaked (owned by an object that is
/// gone). A connection that another thread is opening or closing looks leaked for a moment: it is marked in use before
/// its owner is recorded, and its owner is forgotten before it is marked free. Taken back then, one SQLite connection
/// goes to two owners, or the open fails with "unable to delete/modify user-function due to active statements". With
/// opens and closes in turn, no open looks at the pool while another changes it.
/// </summary>
/// <remarks>
/// An open or close of a pooled connection takes microseconds and no statement runs under the gate; a statement that
/// waits for SQLite's write lock waits outside it.
/// </remarks>
internal sealed class SqlitePoolGate : DbConnectionInterceptor
{
    private static readonly SemaphoreSlim Turn = new(1, 1);

    /// <summary>
    /// Empties every SQLite pool of the process (so that a database file can be read whole or deleted), in turn with
    /// the opens and closes: clearing a pool also takes back the connections it believes leaked.
    /// </summary>
    internal static void ClearAllPools() => InTurn(SqliteConnection.ClearAllPools);

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (result.IsSuppressed)
        {
            return result;
        }

        InTurn(connection.Open);
        return InterceptionResult.Suppress();
    }

    public override async ValueTask<InterceptionResult> ConnectionOpeningAsync(DbConnection connection,
        ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (result.IsSuppressed)
        {
            return result;
        }

        // Microsoft.Data.Sqlite opens synchronously in OpenAsync as well.
        await InTurnAsync(connection.Open, cancellationToken);
        return InterceptionResult.Suppress();
    }

    public override InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (result.IsSuppressed)
        {
            return result;
        }

        CloseInTurn(connection);
        return InterceptionResult.Suppress();
    }

    public override async ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection,
        ConnectionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (result.IsSuppressed)
        {
            return result;
        }

        await CloseInTurnAsync(connection);
        return InterceptionResult.Suppress();
    }

    /// <summary>Disposing an open connection closes it: that close takes its turn too.</summary>
    public override InterceptionResult ConnectionDisposing(DbConnection connection, ConnectionEventData eventData,
        InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        CloseInTurn(connection);
        return result;
    }

    public override async ValueTask<InterceptionResult> ConnectionDisposingAsync(DbConnection connection,
        ConnectionEventData eventData, InterceptionResult result)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await CloseInTurnAsync(connection);
        return result;
    }

    private static void CloseInTurn(DbConnection connection)
    {
        if (connection.State != ConnectionState.Closed)
        {
            InTurn(connection.Close);
        }
    }

    private static async Task CloseInTurnAsync(DbConnection connection)
    {
        if (connection.State != ConnectionState.Closed)
        {
            // Not cancellable: a close that did not happen would keep the connection from the pool.
            await InTurnAsync(connection.Close, CancellationToken.None);
        }
    }

    private static void InTurn(Action action)
    {
        Turn.Wait();
        try
        {
            action();
        }
        finally
        {
            Turn.Release();
        }
    }

    private static async Task InTurnAsync(Action action, CancellationToken cancellationToken)
    {
        await Turn.WaitAsync(cancellationToken);
        try
        {
            action();
        }
        finally
        {
            Turn.Release();
        }
    }
}
