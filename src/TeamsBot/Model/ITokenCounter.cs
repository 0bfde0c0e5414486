namespace TeamsBot.Model;

public interface ITokenCounter
{
    int Count(string text);
}
