using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class ConnectorRouteTests
{
    [Theory]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a%3A1x/activities", "a:1x")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a%3A1x/activities/1712000000123", "a:1x")]
    [InlineData("http://127.0.0.1:56150/_connector/v3/conversations/19%3Aabc%40thread.v2/activities", "19:abc@thread.v2")]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1712000000123/activities/1712000000123", "19:abc@thread.tacv2")]
    [InlineData("https://smba.trafficmanager.net/emea/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1712000000123/activities/history", "19:abc@thread.tacv2")]
    public void ConversationKeyOf_ActivityCall_DecodedConversationOfTheChannel(string url, string expected)
    {
        Assert.Equal(expected, ConnectorRoute.ConversationKeyOf(new Uri(url)));
    }

    [Theory]
    [InlineData("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token")]
    [InlineData("https://login.botframework.com/v1/.well-known/openidconfiguration")]
    [InlineData("https://token.botframework.com/api/usertoken/GetToken")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a%3A1x/members")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a%3A1x/members/29%3Aabc")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/conversations/a%3A1x/activities/123/members")]
    [InlineData("https://smba.trafficmanager.net/amer/v3/teams/19%3Aabc%40thread.tacv2/conversations")]
    public void ConversationKeyOf_OtherCall_Null(string url)
    {
        Assert.Null(ConnectorRoute.ConversationKeyOf(new Uri(url)));
    }

    [Theory]
    [InlineData("19:abc@thread.tacv2;messageid=1712000000123", "19:abc@thread.tacv2")]
    [InlineData("19:abc@thread.tacv2;MessageId=1712000000123", "19:abc@thread.tacv2")]
    [InlineData("a:1GcS4EyB_oSI8A88XmWBN7NJ", "a:1GcS4EyB_oSI8A88XmWBN7NJ")]
    [InlineData("19:meeting_abc@thread.v2", "19:meeting_abc@thread.v2")]
    public void KeyOf_ChannelThread_PacedWithItsChannel(string conversationId, string expected)
    {
        Assert.Equal(expected, ConnectorRoute.KeyOf(conversationId));
    }
}
