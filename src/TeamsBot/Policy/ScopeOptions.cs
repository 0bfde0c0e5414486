namespace TeamsBot.Policy;

/// <summary>Where the bot may be used. <c>Policy:Scopes</c>.</summary>
public sealed class ScopeOptions
{
    public bool? Personal { get; set; }

    public bool? GroupChat { get; set; }

    public bool? Channel { get; set; }
}
