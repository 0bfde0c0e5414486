namespace TeamsBot.Tests.AppPackage;

/// <summary>The manifest's command menus offer exactly commands the bot handles (TeamsBot.Bot.BotCommands.All).</summary>
public sealed class BotCommandsTests
{
    [Fact]
    public void CommandLists_EveryCommand_IsHandledByTheBot()
    {
        var handled = BotCommandCatalog.Names().ToHashSet(StringComparer.OrdinalIgnoreCase);

        var offered = CommandTitles().ToList();
        var unknown = offered.Where(t => !handled.Contains(t)).Distinct().ToList();

        Assert.NotEmpty(offered);
        Assert.True(unknown.Count == 0, $"The manifest offers commands the bot does not handle: {string.Join(", ", unknown)} (bot handles: {string.Join(", ", handled)})");
    }

    [Fact]
    public void CommandLists_PersonalScope_OffersEveryBotCommand()
    {
        var bot = Assert.Single(ManifestTemplate.Parse().GetProperty("bots").EnumerateArray());
        var personal = bot.GetProperty("commandLists").EnumerateArray()
            .Single(l => l.GetProperty("scopes").EnumerateArray().Any(s => s.GetString() == "personal"))
            .GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("title").GetString()!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);

        var missing = BotCommandCatalog.Names().Where(n => !personal.Contains(n)).ToList();

        Assert.True(missing.Count == 0, "Commands the bot handles but the personal command menu does not offer: " + string.Join(", ", missing));
    }

    [Fact]
    public void CommandLists_Titles_AreTheDocumentedCommands()
    {
        // The contract with the app: new, help, usage, forget me, export, files.
        Assert.Equal(["export", "files", "forget me", "help", "new", "usage"], CommandTitles().Distinct().Order(StringComparer.Ordinal));
    }

    private static IEnumerable<string> CommandTitles()
    {
        var bot = Assert.Single(ManifestTemplate.Parse().GetProperty("bots").EnumerateArray());
        return bot.GetProperty("commandLists").EnumerateArray()
            .SelectMany(l => l.GetProperty("commands").EnumerateArray())
            .Select(c => c.GetProperty("title").GetString()!);
    }
}
