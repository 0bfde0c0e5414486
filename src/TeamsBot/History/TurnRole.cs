namespace TeamsBot.History;

public enum TurnRole
{
    User,
    Assistant,
}
