using Microsoft.Extensions.Logging;

namespace TeamsBot.Tests.Telemetry;

/// <summary>
/// Two messages in two classes sharing one event id (the generator itself only catches duplicates within a class),
/// for <see cref="LoggerMessageEventIdTests"/> to find.
/// </summary>
internal static partial class DuplicateSample
{
    internal static partial class First
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "first")]
        public static partial void DuplicateSampleLog(ILogger logger);
    }

    internal static partial class Second
    {
        [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "second")]
        public static partial void DuplicateSampleLog(ILogger logger);
    }
}
