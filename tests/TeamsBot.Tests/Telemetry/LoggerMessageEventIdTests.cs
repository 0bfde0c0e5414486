using System.Reflection;
using Microsoft.Extensions.Logging;
using TeamsBot.Hosting;

namespace TeamsBot.Tests.Telemetry;

/// <summary>
/// Every [LoggerMessage] in the app has its own, explicit event id, so an operator can filter and alert on one event
/// across components.
/// </summary>
public sealed class LoggerMessageEventIdTests
{
    private const BindingFlags AllDeclared = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public
        | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void LoggerMessages_InTheApp_HaveUniqueNonZeroEventIds()
    {
        var events = LoggerMessages(typeof(HostingExtensions).Assembly);

        Assert.True(events.Count >= 40, $"Found only {events.Count} [LoggerMessage] methods: the scan is not seeing them.");
        var missing = events.Where(e => e.EventId <= 0).Select(e => e.Method).ToList();
        Assert.True(missing.Count == 0, "[LoggerMessage] without an explicit positive EventId: " + string.Join(", ", missing));
        var duplicates = events.GroupBy(e => e.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => e.Method))}").ToList();
        Assert.True(duplicates.Count == 0, "Event ids used more than once:\n" + string.Join('\n', duplicates));
    }

    [Fact]
    public void LoggerMessages_Scan_SeesADuplicateInThisAssembly()
    {
        // The scan itself must be able to fail: this class declares two messages with one id.
        var events = LoggerMessages(typeof(LoggerMessageEventIdTests).Assembly)
            .Where(e => e.Method.EndsWith(".DuplicateSampleLog", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, events.Count);
        Assert.Single(events.Select(e => e.EventId).Distinct());
    }

    private static List<(string Method, int EventId)> LoggerMessages(Assembly assembly) =>
        [.. assembly.GetTypes()
            .SelectMany(type => type.GetMethods(AllDeclared).Select(method => (type, method)))
            .Select(m => (m.type, m.method, attribute: m.method.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.attribute is not null)
            .Select(m => ($"{m.type.Name}.{m.method.Name}", m.attribute!.EventId))];
}
