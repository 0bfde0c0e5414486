namespace TeamsBot.Bot;

public sealed record BotCommand(string Name, string Description);
