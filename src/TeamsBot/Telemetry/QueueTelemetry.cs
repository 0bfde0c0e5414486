namespace TeamsBot.Telemetry;

/// <summary>How long stored messages wait and take, measured from their receipt.</summary>
internal static class QueueTelemetry
{
    public static void Claimed() => TeamsBotDiagnostics.QueueDepth.Add(1);

    public static void Done() => TeamsBotDiagnostics.QueueDepth.Add(-1);

    public static void Started(DateTime receivedAtUtc, TimeProvider clock) =>
        TeamsBotDiagnostics.QueueWait.Record(SecondsSince(receivedAtUtc, clock));

    public static void Finished(DateTime receivedAtUtc, TimeProvider clock) =>
        TeamsBotDiagnostics.TurnDuration.Record(SecondsSince(receivedAtUtc, clock));

    // Another instance may have received the message with a slightly different clock: never a negative time.
    private static double SecondsSince(DateTime receivedAtUtc, TimeProvider clock) =>
        Math.Max(0, (clock.GetUtcNow().UtcDateTime - receivedAtUtc).TotalSeconds);
}
