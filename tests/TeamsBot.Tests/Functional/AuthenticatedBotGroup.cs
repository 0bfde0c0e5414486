namespace TeamsBot.Tests.Functional;

/// <summary>Tests that share one authenticated app process (starting one costs 1–2 s).</summary>
[CollectionDefinition(Name)]
public sealed class AuthenticatedBotGroup : ICollectionFixture<AuthenticatedBotFixture>
{
    public const string Name = "Authenticated bot";
}
