using Microsoft.Extensions.Logging;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Keeps formatted log lines with their event ids, to check what a component logs (and what it never does).</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly WaitableLog<(EventId EventId, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(EventId EventId, LogLevel Level, string Message)> Entries => _entries.Snapshot();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Add((eventId, logLevel, formatter(state, exception)));
    }
}
