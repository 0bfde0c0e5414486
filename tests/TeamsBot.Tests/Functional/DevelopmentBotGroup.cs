namespace TeamsBot.Tests.Functional;

/// <summary>Tests that share one Development app process; each uses its own conversation ids.</summary>
[CollectionDefinition(Name)]
public sealed class DevelopmentBotGroup : ICollectionFixture<DevelopmentBotFixture>
{
    public const string Name = "Development bot";
}
