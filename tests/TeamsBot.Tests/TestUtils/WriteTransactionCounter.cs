using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsBot.Storage;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Counts the write transactions an app's contexts commit (each one an fsync on SQLite with synchronous=FULL): every
/// explicit transaction committed, plus every write statement run outside one (its own transaction), by the write
/// gate's rule.
/// </summary>
public sealed class WriteTransactionCounter : DbCommandInterceptor, IDbTransactionInterceptor
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Reset() => Interlocked.Exchange(ref _count, 0);

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        CountAlone(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken cancellationToken = default)
    {
        CountAlone(command);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        CountAlone(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        CountAlone(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        CountAlone(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        object? result, CancellationToken cancellationToken = default)
    {
        CountAlone(command);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) =>
        Interlocked.Increment(ref _count);

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }

    private void CountAlone(DbCommand command)
    {
        if (command.Transaction is null && SqliteWriteGate.IsWrite(command.CommandText))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
