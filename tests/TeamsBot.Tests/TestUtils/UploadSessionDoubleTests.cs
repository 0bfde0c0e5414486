using System.Globalization;
using System.Net;

namespace TeamsBot.Tests.TestUtils;

/// <summary>The upload-session double refuses what OneDrive refuses, so the uploader's tests can fail.</summary>
public sealed class UploadSessionDoubleTests : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private UploadSessionDouble _oneDrive = null!;

    public async Task InitializeAsync() => _oneDrive = await UploadSessionDouble.StartAsync(default);

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _oneDrive.DisposeAsync();
    }

    [Theory]
    [InlineData(0, 9, 5)]
    [InlineData(5, 9, 10)]
    [InlineData(0, 10, 10)]
    public async Task Put_RangePastTheSizeOrNotWhereTheLastStopped_416AndNothingStored(long from, long to, long total)
    {
        var session = _oneDrive.NewSession();

        var status = await PutAsync(session, new byte[to - from + 1], from, to, total);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, status);
        Assert.Null(_oneDrive.Completed(session));
    }

    [Fact]
    public async Task Put_TwoConsecutiveRanges_202Then201AndTheFileComplete()
    {
        var session = _oneDrive.NewSession();

        var first = await PutAsync(session, [1, 2, 3], 0, 2, 5);
        var second = await PutAsync(session, [4, 5], 3, 4, 5);

        Assert.Equal((HttpStatusCode.Accepted, HttpStatusCode.Created), (first, second));
        Assert.Equal([1, 2, 3, 4, 5], _oneDrive.Completed(session));
    }

    private async Task<HttpStatusCode> PutAsync(Uri session, byte[] body, long from, long to, long total)
    {
        using var content = new ByteArrayContent(body);
        // Written raw: the client's own type refuses a range past the total, which is what is tested.
        Assert.True(content.Headers.TryAddWithoutValidation("Content-Range",
            string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{to}/{total}")));
        using var response = await _http.PutAsync(session, content);
        return response.StatusCode;
    }
}
