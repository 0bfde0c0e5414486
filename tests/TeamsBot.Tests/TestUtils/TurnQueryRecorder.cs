using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace TeamsBot.Tests.TestUtils;

/// <summary>A query sent, with its parameters' names and values, to be explained afterwards.</summary>
public sealed record RecordedQuery(string Sql, IReadOnlyList<(string Name, object Value)> Parameters);

/// <summary>Records the queries the contexts send that read the turns table (as SQLite or PostgreSQL spell it).</summary>
public sealed class TurnQueryRecorder : DbCommandInterceptor
{
    private readonly List<RecordedQuery> _reads = [];

    public IReadOnlyList<RecordedQuery> Reads
    {
        get
        {
            lock (_reads)
            {
                return [.. _reads];
            }
        }
    }

    public void Clear()
    {
        lock (_reads)
        {
            _reads.Clear();
        }
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.CommandText.Contains("FROM turns", StringComparison.Ordinal)
            || command.CommandText.Contains("FROM \"turns\"", StringComparison.Ordinal))
        {
            var parameters = command.Parameters.Cast<DbParameter>()
                .Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList();
            lock (_reads)
            {
                _reads.Add(new RecordedQuery(command.CommandText, parameters));
            }
        }

        return ValueTask.FromResult(result);
    }
}
