namespace TeamsBot.Turns;

/// <summary>
/// How instances share the stored turns. Section <c>Turns</c>. A conversation is claimed by one instance at a time with
/// a lease in the database; the holder renews it every third of <see cref="LeaseDuration"/>, and when the holder dies
/// any live instance takes the conversation over within <see cref="LeaseDuration"/> + <see cref="PollInterval"/>.
/// </summary>
public sealed class TurnsOptions
{
    public const string SectionName = "Turns";

    /// <summary>How long a claim on a conversation lasts unless renewed: the bound on failover after a crash.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often an instance looks in the database for work it did not receive itself (other instances' messages,
    /// expired leases, deferred turns and answers waiting for delivery). Messages received here start at once.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A message not answered this long after its receipt is not answered any more: the user gets a card saying so
    /// (after an outage of the model, or of every instance).
    /// </summary>
    public TimeSpan AnswerDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long an answer the model gave is held in memory while storing it fails (the database away), retried with a
    /// growing pause up to 5 s. Past it the answer is dropped, the user is told it is delayed, and the message stays
    /// waiting: it is answered again (a second model call) once the database is back.
    /// </summary>
    public TimeSpan AnswerStoreWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>An id for this instance in the database's leases: the host name and process id when not set.</summary>
    public string? InstanceName { get; set; }
}
