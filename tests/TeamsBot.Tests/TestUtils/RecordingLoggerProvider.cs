using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Every log line of an app host with its event id, whatever the category (add it as an <see cref="ILoggerProvider"/>),
/// to check what was logged and that no message text ever is. The exception, when any, is kept with the line.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(int EventId, string Message)> _entries = new();

    public IReadOnlyList<(int EventId, string Message)> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(int EventId, string Message)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            entries.Enqueue((eventId.Id, exception is null ? formatter(state, null) : formatter(state, exception) + " " + exception));
        }
    }
}
