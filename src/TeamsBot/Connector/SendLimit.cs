namespace TeamsBot.Connector;

/// <summary>At most <paramref name="Operations"/> sends within any <paramref name="Period"/>.</summary>
internal readonly record struct SendLimit(int Operations, TimeSpan Period)
{
    /// <summary>
    /// Teams' "per bot per thread" limits (Teams rate-limit documentation). Microsoft may change them; the retry on
    /// 429 covers the difference until these are updated.
    /// </summary>
    public static IReadOnlyList<SendLimit> TeamsPerConversation { get; } =
    [
        new(7, TimeSpan.FromSeconds(1)),
        new(8, TimeSpan.FromSeconds(2)),
        new(60, TimeSpan.FromSeconds(30)),
        new(1800, TimeSpan.FromHours(1)),
    ];
}
