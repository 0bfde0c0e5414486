using System.Collections;
using System.Reflection;

namespace TeamsBot.Tests.AppPackage;

/// <summary>
/// The commands the bot handles, read by reflection from <c>TeamsBot.Bot.BotCommands.All</c> (a static
/// IReadOnlyList of objects with Name and Description). Reflection keeps this test project compiling while the
/// app is written in parallel; when the type is missing the test fails and says so.
/// </summary>
public static class BotCommandCatalog
{
    public const string TypeName = "TeamsBot.Bot.BotCommands";

    /// <summary>Command names of the app, or a failed assertion explaining what is missing.</summary>
    public static IReadOnlyList<string> Names()
    {
        var assembly = Assembly.Load(new AssemblyName("TeamsBot"));
        var type = assembly.GetType(TypeName);
        if (type is null)
        {
            Assert.Fail($"{TypeName} was not found in the TeamsBot assembly. The app must expose its commands as " +
                $"{TypeName}.All (IReadOnlyList of items with Name and Description) so that the manifest's commandLists can be checked against them.");
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;
        var all = type!.GetProperty("All", flags)?.GetValue(null) ?? type.GetField("All", flags)?.GetValue(null);
        if (all is not IEnumerable items)
        {
            Assert.Fail($"{TypeName}.All is missing or not a list.");
            return [];
        }

        var names = new List<string>();
        foreach (var item in items)
        {
            var name = item?.GetType().GetProperty("Name")?.GetValue(item) as string;
            Assert.False(string.IsNullOrWhiteSpace(name), $"An item of {TypeName}.All has no Name.");
            names.Add(name!);
        }

        return names;
    }
}
