namespace TeamsBot.History;

public enum ConversationScope
{
    Personal,
    GroupChat,
    Channel,
}
