using System.Globalization;
using System.Net;
using TeamsBot.Connector;

namespace TeamsBot.Tests.Connector;

public sealed class ConnectorBackoffTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(16);
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1, 1_000)]
    [InlineData(2, 2_000)]
    [InlineData(3, 4_000)]
    [InlineData(5, 16_000)]
    [InlineData(40, 16_000)]
    public void Delay_HighestJitter_JustBelowTheDoublingCeilingCappedAtMaxDelay(int retry, int ceilingMs)
    {
        var highest = ConnectorBackoff.Delay(retry, Base, Cap, serverHint: null, jitter: 0.999);
        var lowest = ConnectorBackoff.Delay(retry, Base, Cap, serverHint: null, jitter: 0);

        Assert.Equal(TimeSpan.FromMilliseconds(ceilingMs * 0.999), highest);
        Assert.Equal(TimeSpan.Zero, lowest);
    }

    [Fact]
    public void Delay_ServerAsksLonger_ServerWins()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), ConnectorBackoff.Delay(1, Base, Cap, TimeSpan.FromSeconds(2), 0.5));
        Assert.Equal(TimeSpan.FromSeconds(40), ConnectorBackoff.Delay(9, Base, Cap, TimeSpan.FromSeconds(40), 0.5));
    }

    [Fact]
    public void Delay_BackoffLonger_BackoffWins()
    {
        Assert.Equal(TimeSpan.FromSeconds(2), ConnectorBackoff.Delay(3, Base, Cap, TimeSpan.FromSeconds(1), 0.5));
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests, true)]
    [InlineData(HttpStatusCode.PreconditionFailed, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.BadRequest, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, false)]
    [InlineData(HttpStatusCode.InternalServerError, false)]
    [InlineData(HttpStatusCode.ServiceUnavailable, false)]
    public void IsTransient_Status_OnlyTheOnesTeamsDocuments(HttpStatusCode status, bool expected)
    {
        Assert.Equal(expected, ConnectorBackoff.IsTransient(status));
    }

    [Theory]
    [InlineData("Retry-After", "7", 7_000)]
    [InlineData("Retry-After", "Thu, 26 Nov 2026 09:00:05 GMT", 5_000)]
    [InlineData("Retry-After", "Thu, 26 Nov 2026 08:59:00 GMT", 0)]
    [InlineData("retry-after-ms", "1500", 1_500)]
    [InlineData("x-ms-retry-after-ms", "250.5", 250.5)]
    public void ServerHint_Header_ReadAsAWait(string header, string value, double expectedMs)
    {
        using var response = Throttled((header, value));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), ConnectorBackoff.ServerHint(response, Now));
    }

    [Fact]
    public void ServerHint_SeveralHeaders_TheLongestWins()
    {
        using var response = Throttled(("Retry-After", "2"), ("retry-after-ms", "3500"), ("x-ms-retry-after-ms", "100"));

        Assert.Equal(TimeSpan.FromMilliseconds(3500), ConnectorBackoff.ServerHint(response, Now));
    }

    [Theory]
    [InlineData("retry-after-ms", "soon")]
    [InlineData("retry-after-ms", "-5")]
    [InlineData("x-ms-retry-after-ms", "NaN")]
    [InlineData("x-ms-retry-after-ms", "1e300")]
    public void ServerHint_UnusableValue_Ignored(string header, string value)
    {
        using var response = Throttled((header, value));

        Assert.Null(ConnectorBackoff.ServerHint(response, Now));
    }

    [Fact]
    public void ServerHint_NoHeader_Null()
    {
        using var response = Throttled();

        Assert.Null(ConnectorBackoff.ServerHint(response, Now));
    }

    private static HttpResponseMessage Throttled(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
        {
            Assert.True(response.Headers.TryAddWithoutValidation(name, value),
                string.Create(CultureInfo.InvariantCulture, $"header {name}"));
        }

        return response;
    }
}
