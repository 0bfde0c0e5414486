using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Counts the exceptions of exactly <typeparamref name="TException"/> thrown inside one method (caught or not) while
/// it is alive. Tests run in parallel in one process: the type and the method on the throwing thread's stack tell
/// the code path under test from the rest.
/// </summary>
internal sealed class FirstChanceExceptionCounter<TException> : IDisposable
    where TException : Exception
{
    private readonly string[] _frames;
    private int _count;

    /// <param name="declaringType">The type that declares <paramref name="method"/>.</param>
    /// <param name="method">The method's name; an async method counts too (its state machine prints it).</param>
    public FirstChanceExceptionCounter(Type declaringType, string method)
    {
        ArgumentNullException.ThrowIfNull(declaringType);
        _frames = [$"{declaringType.FullName}.{method}(", $"{declaringType.FullName}.<{method}>"];
        AppDomain.CurrentDomain.FirstChanceException += OnThrown;
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => AppDomain.CurrentDomain.FirstChanceException -= OnThrown;

    private void OnThrown(object? sender, FirstChanceExceptionEventArgs e)
    {
        if (e.Exception.GetType() != typeof(TException))
        {
            return;
        }

        // The exception's own trace has only the frames unwound so far; the thread's stack has all of them.
        string stack = new StackTrace(fNeedFileInfo: false).ToString();
        if (_frames.Any(frame => stack.Contains(frame, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
