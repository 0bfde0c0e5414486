using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsBot.Storage;

/// <summary>
/// Makes the app's SQLite writes take turns in <see cref="SqliteWriteQueue"/> rather than in SQLite's busy handler: an
/// EF transaction from its start (BEGIN IMMEDIATE takes SQLite's write lock at once) to its end, and an INSERT, UPDATE
/// or DELETE run outside a transaction for its execution. Reads never wait. A connection marked with
/// <see cref="GoFirst"/> is served before the others.
/// </summary>
/// <remarks>
/// Only asynchronous calls wait here; a synchronous one, a transaction begun on the raw connection, or a write that
/// ran out of patience (by default <see cref="SqliteWriteWaits.BusyTimeout"/>) is ordered by SQLite's lock alone, as before.
/// </remarks>
/// <param name="patience">How long a write waits for its turn before it goes on without it.</param>
internal sealed class SqliteWriteGate(TimeSpan patience) : IDbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly ConditionalWeakTable<DbConnection, Writer> Writers = [];
    private static readonly string[] WriteStatements = ["INSERT", "UPDATE", "DELETE", "REPLACE"];
    private readonly SqliteWriteQueue _queue = new();

    public SqliteWriteGate()
        : this(SqliteWriteWaits.BusyTimeout)
    {
    }

    private enum Turn
    {
        None,
        Transaction,
        Statement,
    }

    /// <summary>
    /// The writes of <paramref name="connection"/>, from now until it closes, are served before every other waiting
    /// write of the process: for a write that someone is waiting on, such as the receipt before Teams' 200.
    /// </summary>
    public static void GoFirst(DbConnection connection) => WriterOf(connection).GoesFirst = true;

    public async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
        CancellationToken cancellationToken = default)
    {
        await EnterAsync(connection, Turn.Transaction, cancellationToken);
        return result;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Leave(eventData, Turn.Transaction);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default) => Leave(eventData, Turn.Transaction);

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) =>
        Leave(eventData, Turn.Transaction);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default) => Leave(eventData, Turn.Transaction);

    public void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) =>
        Leave(eventData, Turn.Transaction);

    public Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData,
        CancellationToken cancellationToken = default) => Leave(eventData, Turn.Transaction);

    public async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await EnterAloneAsync(command, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result,
        CancellationToken cancellationToken = default)
    {
        await EnterAloneAsync(command, cancellationToken);
        return result;
    }

    public async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await EnterAloneAsync(command, cancellationToken);
        return result;
    }

    public int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Leave(command.Connection, Turn.Statement);
        return result;
    }

    public ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Leave(command.Connection, Turn.Statement);
        return ValueTask.FromResult(result);
    }

    public object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Leave(command.Connection, Turn.Statement);
        return result;
    }

    public ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        object? result, CancellationToken cancellationToken = default)
    {
        Leave(command.Connection, Turn.Statement);
        return ValueTask.FromResult(result);
    }

    /// <summary>A statement with a result (INSERT … RETURNING) writes until its reader is done.</summary>
    public InterceptionResult DataReaderDisposing(DbCommand command, DataReaderDisposingEventData eventData,
        InterceptionResult result)
    {
        Leave(command.Connection, Turn.Statement);
        return result;
    }

    public void CommandFailed(DbCommand command, CommandErrorEventData eventData) =>
        Leave(command.Connection, Turn.Statement);

    public Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Leave(command.Connection, Turn.Statement);
        return Task.CompletedTask;
    }

    public void CommandCanceled(DbCommand command, CommandEndEventData eventData) =>
        Leave(command.Connection, Turn.Statement);

    public Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Leave(command.Connection, Turn.Statement);
        return Task.CompletedTask;
    }

    private Task EnterAloneAsync(DbCommand command, CancellationToken cancellationToken) =>
        command.Transaction is null && command.Connection is { } connection && IsWrite(command.CommandText)
            ? EnterAsync(connection, Turn.Statement, cancellationToken)
            : Task.CompletedTask;

    private async Task EnterAsync(DbConnection connection, Turn turn, CancellationToken cancellationToken)
    {
        var writer = WriterOf(connection);
        if (writer.Holds == Turn.None
            && await _queue.EnterAsync(writer.GoesFirst, patience, cancellationToken))
        {
            writer.Took(_queue, turn);
        }
    }

    private static Task Leave(TransactionEventData eventData, Turn turn)
    {
        if (eventData.Context is { } context)
        {
            Leave(context.Database.GetDbConnection(), turn);
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends the connection's turn if it holds one of this kind (<see cref="Turn.None"/>: of any kind).</summary>
    private static void Leave(DbConnection? connection, Turn turn)
    {
        if (connection is not null && Writers.TryGetValue(connection, out var writer))
        {
            writer.Leave(turn);
        }
    }

    /// <summary>
    /// What <paramref name="connection"/> holds, watched from its first use: every close ends it, also one EF Core makes
    /// without its interceptors (a pooled context's reset closes the connection and opens the same object again for
    /// someone else), and a transaction disposed without commit or rollback ends with it.
    /// </summary>
    private static Writer WriterOf(DbConnection connection) => Writers.GetValue(connection, static connection =>
    {
        var writer = new Writer();
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState == ConnectionState.Closed)
            {
                writer.Closed();
            }
        };
        return writer;
    });

    /// <summary>
    /// Whether <paramref name="sql"/> writes, by its first keyword: what EF Core and our own SQL send outside a
    /// transaction. The tests' write counter uses the same rule.
    /// </summary>
    internal static bool IsWrite(string sql)
    {
        var statement = sql.AsSpan().TrimStart();
        foreach (string write in WriteStatements)
        {
            if (statement.StartsWith(write, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What one connection holds; a connection is used by one caller at a time.</summary>
    private sealed class Writer
    {
        private SqliteWriteQueue? _queue;

        public Turn Holds { get; private set; }

        public bool GoesFirst { get; set; }

        public void Took(SqliteWriteQueue queue, Turn turn)
        {
            _queue = queue;
            Holds = turn;
        }

        /// <summary>Passes the turn on if it holds one of this kind (<see cref="Turn.None"/>: of any kind).</summary>
        public void Leave(Turn turn)
        {
            if (_queue is { } queue && (turn == Turn.None || Holds == turn))
            {
                _queue = null;
                Holds = Turn.None;
                queue.Leave();
            }
        }

        public void Closed()
        {
            Leave(Turn.None);
            GoesFirst = false;
        }
    }
}
