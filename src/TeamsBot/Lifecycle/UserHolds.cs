namespace TeamsBot.Lifecycle;

/// <summary>
/// What of one user's data is under legal hold: everything (a hold on them), or their part of some conversations. Told to
/// the user who asks to be forgotten, without the holds' reasons.
/// </summary>
public sealed record UserHolds(bool WholeUser, IReadOnlyList<string> Conversations)
{
    public static readonly UserHolds None = new(false, []);

    public bool Any => WholeUser || Conversations.Count > 0;
}
