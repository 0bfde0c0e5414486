using System.Text.Json;
using TeamsBot.Receipt;

namespace TeamsBot.Tests.Receipt;

public sealed class ActivityLimitsTests
{
    /// <summary>Built in code: a lone surrogate does not survive being a test case's serialised argument.</summary>
    [Fact]
    public void CleanText_UnstorableCharacters_ReplacedWithReplacementCharacter()
    {
        (string Text, string Expected)[] cases =
        [
            ("plain text", "plain text"),
            ("a\0b", "a\uFFFDb"),
            ("lone \uD800 high", "lone \uFFFD high"),
            ("lone \uDC00 low", "lone \uFFFD low"),
            ("end \uD83D", "end \uFFFD"),
            ("pair \uD83D\uDE00 kept", "pair \uD83D\uDE00 kept"),
            ("\uDE00\uD83D reversed", "\uFFFD\uFFFD reversed"),
        ];

        Assert.All(cases, c => Assert.Equal(c.Expected, ActivityLimits.CleanText(c.Text)));
    }

    [Fact]
    public void CleanText_NothingToClean_ReturnsTheSameInstance()
    {
        string text = "nothing to clean \uD83D\uDE00";

        Assert.Same(text, ActivityLimits.CleanText(text));
    }

    [Fact]
    public void Check_RealTeamsActivity_Null()
    {
        Assert.Null(ActivityLimits.Check(Parse(Activity())));
    }

    public static TheoryData<string, string, string> BadFields() => new()
    {
        { "conversation", "id", "\"a:" + new string('x', 100_000) + "\"" },
        { "", "id", "\"" + new string('1', 257) + "\"" },
        { "conversation", "tenantId", "\"" + new string('t', 65) + "\"" },
        { "from", "id", "\"29:user\\u0000x\"" },
        { "from", "aadObjectId", "\"caf\\u00e9\"" },
        { "from", "name", "\"Ann \\ud800\"" },
        { "from", "name", "\"Ann\\u0000\"" },
        { "", "serviceUrl", "\"https://smba.example/" + new string('p', 3000) + "\"" },
        { "", "channelId", "42" },
        { "recipient", "id", "\" 28:bot\"" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public void Check_IdNoTeamsActivityHas_NamesTheField(string parent, string field, string json)
    {
        string path = parent.Length == 0 ? field : parent + "." + field;

        string? problem = ActivityLimits.Check(Parse(Activity(path, json)));

        Assert.NotNull(problem);
        Assert.StartsWith(path + " ", problem, StringComparison.Ordinal);
        Assert.True(problem.Length < 100, problem);
    }

    [Fact]
    public void Check_NameWithEmoji_Null()
    {
        Assert.Null(ActivityLimits.Check(Parse(Activity("from.name", "\"Ann \\ud83d\\ude00 Example\""))));
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>A Teams personal-chat message; <paramref name="path"/> (if given) gets the raw JSON value.</summary>
    private static string Activity(string? path = null, string? json = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = "\"1700000000001\"",
            ["channelId"] = "\"msteams\"",
            ["serviceUrl"] = "\"https://smba.trafficmanager.net/emea/\"",
            ["locale"] = "\"en-US\"",
            ["conversation.id"] = "\"a:1s7VpZpGkA0-Xm1k2Ew\"",
            ["conversation.tenantId"] = "\"72f988bf-86f1-41af-91ab-2d7cd011db47\"",
            ["conversation.conversationType"] = "\"personal\"",
            ["from.id"] = "\"29:1abcDEF-ghi_jkl\"",
            ["from.aadObjectId"] = "\"6a1e6b7c-2d3e-4f50-8a9b-0c1d2e3f4a5b\"",
            ["from.name"] = "\"Ann Example\"",
            ["recipient.id"] = "\"28:teamsbot\"",
            ["recipient.name"] = "\"TeamsBot\"",
        };
        if (path is not null)
        {
            fields[path] = json!;
        }

        var top = fields.Where(f => !f.Key.Contains('.', StringComparison.Ordinal)).Select(f => $"\"{f.Key}\":{f.Value}");
        var nested = fields.Where(f => f.Key.Contains('.', StringComparison.Ordinal))
            .GroupBy(f => f.Key.Split('.')[0])
            .Select(g => $"\"{g.Key}\":{{{string.Join(',', g.Select(f => $"\"{f.Key.Split('.')[1]}\":{f.Value}"))}}}");
        return "{\"type\":\"message\",\"text\":\"hi\"," + string.Join(',', top.Concat(nested)) + "}";
    }
}
