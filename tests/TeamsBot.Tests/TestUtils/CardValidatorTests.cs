namespace TeamsBot.Tests.TestUtils;

/// <summary>Proves the card check can fail: the official parser must flag broken cards and pass a good one.</summary>
public sealed class CardValidatorTests
{
    private const string GoodCard = """
        {
          "type": "AdaptiveCard",
          "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
          "version": "1.5",
          "body": [
            { "type": "TextBlock", "text": "Hello", "wrap": true, "size": "Medium", "weight": "Bolder" },
            { "type": "FactSet", "facts": [ { "title": "Model", "value": "gpt-4o" } ] }
          ],
          "actions": [ { "type": "Action.Submit", "title": "New chat", "data": { "verb": "newChat" } } ]
        }
        """;

    private readonly CardValidator _validator = new();

    [Fact]
    public async Task ValidateAsync_GoodCard_NoIssues()
    {
        var result = await _validator.ValidateAsync(GoodCard, CancellationToken.None);

        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("1.5", result.DeclaredVersion);
    }

    [Fact]
    public async Task ValidateAsync_UnknownElementType_Flagged()
    {
        var card = GoodCard.Replace("\"FactSet\"", "\"FactList\"", StringComparison.Ordinal);

        var result = await _validator.ValidateAsync(card, CancellationToken.None);

        Assert.Contains(result.Issues, i => i.Event == "UnknownElementType");
    }

    [Fact]
    public async Task ValidateAsync_BadEnumValue_Flagged()
    {
        var card = GoodCard.Replace("\"Medium\"", "\"Huge\"", StringComparison.Ordinal);

        var result = await _validator.ValidateAsync(card, CancellationToken.None);

        Assert.Contains(result.Issues, i => i.Event == "InvalidPropertyValue");
    }

    [Theory]
    [InlineData("1.6")]
    [InlineData("1.4")]
    public async Task ValidateAsync_VersionOtherThan15_Flagged(string version)
    {
        var card = GoodCard.Replace("\"1.5\"", $"\"{version}\"", StringComparison.Ordinal);

        var result = await _validator.ValidateAsync(card, CancellationToken.None);

        Assert.Contains(result.Issues, i => i.Event == "UnexpectedSchemaVersion");
    }

    [Fact]
    public async Task ValidateManyAsync_MixedCards_ResultsInInputOrder()
    {
        var duplicateIds = """
            {"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"TextBlock","id":"a","text":"x"},{"type":"TextBlock","id":"a","text":"y"}]}
            """;
        var media = """
            {"type":"AdaptiveCard","version":"1.5","body":[
              {"type":"Media","sources":[{"mimeType":"video/mp4","url":"https://example.com/v.mp4"}]}]}
            """;

        var results = await _validator.ValidateManyAsync([GoodCard, duplicateIds, media], CancellationToken.None);

        Assert.Equal([0, 1, 2], results.Select(r => r.Index));
        Assert.True(results[0].IsValid);
        Assert.Contains(results[1].Issues, i => i.Event == "DuplicateId");
        Assert.Contains(results[2].Issues, i => i.Event == "MediaNotSupported");
    }
}
