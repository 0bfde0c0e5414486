using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace TeamsBot.Tests.TestUtils;

/// <summary>The Bot Connector double, driven the way the SDK's ConnectorClient calls it (ids escaped with
/// Uri.EscapeDataString, JSON bodies, bearer token).</summary>
public sealed class ConnectorDoubleTests : IAsyncLifetime, IDisposable
{
    private const string ThreadId = "19:3f0a7a1b2c4d4e5f8a9b0c1d2e3f4a5b@thread.tacv2;messageid=1712000000123";

    private readonly HttpClient _http = new();
    private ConnectorDouble _connector = null!;

    public async Task InitializeAsync() => _connector = await ConnectorDouble.StartAsync(CancellationToken.None);

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Reply_ConversationIdWithMessageId_DecodedAndRecordedWithAuthorization()
    {
        using var response = await SendAsync(HttpMethod.Post, ThreadId, "1712000000123", Message("hi"), "Bearer abc");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"];
        var request = Assert.Single(_connector.Requests);
        Assert.Equal(ConnectorOperation.ReplyToActivity, request.Operation);
        Assert.Equal(ThreadId, request.ConversationId);
        Assert.Equal("1712000000123", request.ActivityId);
        Assert.Contains("%3Bmessageid%3D", request.RawTarget, StringComparison.Ordinal);
        Assert.Equal("Bearer abc", request.Authorization);
        Assert.Equal("hi", request.Text);
        Assert.Equal(id, request.ResponseId);
    }

    [Fact]
    public async Task Update_Put_AnswersSameIdAndRecordsUpdate()
    {
        using var response = await SendAsync(HttpMethod.Put, "a:1x", "1700000000005", Message("edited"), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(_connector.AcceptedActivities);
        Assert.Equal(ConnectorOperation.UpdateActivity, request.Operation);
        Assert.Equal("1700000000005", request.ResponseId);
    }

    [Fact]
    public async Task FailNext_TooManyRequests_Answers429WithRetryAfterOnceThenAccepts()
    {
        _connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.FromSeconds(2)));

        using var first = await SendAsync(HttpMethod.Post, "a:1x", null, Message("one"), null);
        using var second = await SendAsync(HttpMethod.Post, "a:1x", null, Message("two"), null);

        Assert.Equal(HttpStatusCode.TooManyRequests, first.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter?.Delta);
        Assert.Equal("TooManyRequests", (string?)JsonNode.Parse(await first.Content.ReadAsStringAsync())!["error"]!["code"]);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(["two"], _connector.AcceptedActivities.Select(a => a.Text));
    }

    [Fact]
    public async Task StreamingNotAllowed_RefusesStreamingChunksOnly()
    {
        _connector.FailNext(ConnectorFailure.StreamingNotAllowed(statusCode: 403));
        var chunk = Message("partial");
        chunk["type"] = "typing";
        chunk["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "streaminfo",
            ["streamType"] = "streaming",
            ["streamSequence"] = 1,
        });

        using var streamed = await SendAsync(HttpMethod.Post, "19:abc@thread.v2", null, chunk, null);
        using var plain = await SendAsync(HttpMethod.Post, "19:abc@thread.v2", null, Message("whole"), null);

        Assert.Equal(HttpStatusCode.Forbidden, streamed.StatusCode);
        Assert.Equal(HttpStatusCode.Created, plain.StatusCode);
        Assert.Equal("streaming", _connector.Requests[0].StreamType);
    }

    [Fact]
    public async Task AuthorizationCheck_Rejects_Answers401AndRecords()
    {
        _connector.AuthorizationCheck = header => header == "Bearer good";

        using var bad = await SendAsync(HttpMethod.Post, "a:1x", null, Message("x"), "Bearer bad");
        using var good = await SendAsync(HttpMethod.Post, "a:1x", null, Message("y"), "Bearer good");

        Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        Assert.Equal([401, 201], _connector.Requests.Select(r => r.ResponseStatus));
    }

    [Fact]
    public async Task WaitForActivityAsync_ArrivesLater_ReturnsIt()
    {
        var waiting = _connector.WaitForActivityAsync(a => a.Text == "late", TimeSpan.FromSeconds(10), CancellationToken.None);
        using var response = await SendAsync(HttpMethod.Post, "a:1x", null, Message("late"), null);

        var activity = await waiting;

        Assert.Equal("late", activity.Text);
    }

    [Fact]
    public async Task WaitForActivityAsync_NothingMatches_TimesOutListingWhatArrived()
    {
        using var response = await SendAsync(HttpMethod.Post, "a:1x", null, Message("other"), null);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => _connector.WaitForActivityAsync(
            a => a.Text == "never", TimeSpan.FromMilliseconds(200), CancellationToken.None));

        Assert.Contains("/v3/conversations/a%3A1x/activities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetMember_Registered_ReturnsItElse404()
    {
        _connector.AddMember(TeamsActivities.UserMember());
        var escaped = Uri.EscapeDataString(TeamsActivities.UserId);

        using var found = await _http.GetAsync(new Uri(_connector.ServiceUrl, $"v3/conversations/a%3A1x/members/{escaped}"));
        using var missing = await _http.GetAsync(new Uri(_connector.ServiceUrl, "v3/conversations/a%3A1x/members/29%3Anobody"));

        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
        Assert.Equal(TeamsActivities.UserAadObjectId, (string?)JsonNode.Parse(await found.Content.ReadAsStringAsync())!["aadObjectId"]);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task StartAsync_WithTls_ServesHttpsWithTheTestCertificate()
    {
        await using var tls = await ConnectorDouble.StartAsync(TestCertificateAuthority.Shared, CancellationToken.None);
        using var client = new HttpClient(TestCertificateAuthority.Shared.CreateTrustingHandler());
        using var content = new StringContent(Message("secure").ToJsonString(), Encoding.UTF8, "application/json");

        using var response = await client.PostAsync(new Uri(tls.ServiceUrl, "v3/conversations/a%3A1x/activities"), content);

        Assert.Equal("https", tls.ServiceUrl.Scheme);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public void AdaptiveCards_AttachmentWithCard_Extracted()
    {
        var request = new ConnectorRequest
        {
            Operation = ConnectorOperation.SendToConversation,
            Method = "POST",
            RawTarget = "/v3/conversations/x/activities",
            Activity = new JsonObject
            {
                ["type"] = "message",
                ["attachments"] = new JsonArray(new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["content"] = new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5" },
                }),
            },
        };

        Assert.Equal("1.5", (string?)Assert.Single(request.AdaptiveCards)["version"]);
    }

    private static JsonObject Message(string text) => new() { ["type"] = "message", ["text"] = text };

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method, string conversationId, string? activityId, JsonObject body, string? authorization)
    {
        var path = $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities"
            + (activityId is null ? string.Empty : "/" + Uri.EscapeDataString(activityId));
        using var request = new HttpRequestMessage(method, new Uri(_connector.ServiceUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        }

        return await _http.SendAsync(request);
    }
}
