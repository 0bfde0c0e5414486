using TeamsBot.History;

namespace TeamsBot.Tests.History;

public sealed class StoredConversationReferenceTests
{
    private const string Reference = """
        {"activityId":"1700000000001","user":{"id":"29:1teams-id","name":"Ann Example","aadObjectId":"aad-1"},
         "bot":{"id":"28:bot","name":"TeamsBot"},"conversation":{"id":"19:chat@thread.v2"},"channelId":"msteams",
         "serviceUrl":"https://smba.trafficmanager.net/emea/"}
        """;

    [Theory]
    [InlineData("aad-1", true)]
    [InlineData("29:1teams-id", true)]
    [InlineData("Ann Example", false)]
    [InlineData("28:bot", false)]
    [InlineData("AAD-1", false)]
    public void NamesUser_ByEntraOrTeamsId_OnlyTheReferencesUser(string userId, bool expected) =>
        Assert.Equal(expected, StoredConversationReference.NamesUser(Reference, userId));

    [Theory]
    [InlineData("{not json aad-1")]
    [InlineData("[\"aad-1\"]")]
    public void NamesUser_UnreadableReference_CountsAsNamingThem(string reference) =>
        Assert.True(StoredConversationReference.NamesUser(reference, "aad-1"));

    [Fact]
    public void WithoutUser_Reference_KeepsWhatReachesTheConversation()
    {
        string trimmed = StoredConversationReference.WithoutUser(Reference);

        Assert.DoesNotContain("Ann Example", trimmed, StringComparison.Ordinal);
        Assert.DoesNotContain("aad-1", trimmed, StringComparison.Ordinal);
        Assert.DoesNotContain("29:1teams-id", trimmed, StringComparison.Ordinal);
        Assert.DoesNotContain("1700000000001", trimmed, StringComparison.Ordinal);
        Assert.Contains("19:chat@thread.v2", trimmed, StringComparison.Ordinal);
        Assert.Contains("https://smba.trafficmanager.net/emea/", trimmed, StringComparison.Ordinal);
        Assert.Contains("28:bot", trimmed, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutUser_UnreadableReference_Empty() =>
        Assert.Equal("{}", StoredConversationReference.WithoutUser("{not json aad-1"));
}
