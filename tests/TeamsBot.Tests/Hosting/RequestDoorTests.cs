using System.Net;
using System.Text;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Hosting;
using TeamsBot.Pipeline;
using TeamsBot.Tests.Telemetry;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Hosting;

/// <summary>
/// The door of /api/messages, through the real app in this process: only <c>Limits:MaxConcurrentRequests</c>
/// requests are worked on at once, the next <c>Limits:MaxQueuedRequests</c> wait, and one more is refused with 503
/// and Retry-After.
/// </summary>
public sealed class RequestDoorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly Uri Messages = new("/api/messages", UriKind.Relative);
    private static readonly Uri ServiceUrl = new("http://127.0.0.1:9/");

    [Fact]
    public async Task Post_MoreRequestsThanTheDoorHolds_OneWorkedOnOneWaitsOneRefusedWith503()
    {
        var bot = new HeldBot();
        await using var app = new InProcessBotFactory(
            new Dictionary<string, string>
            {
                ["Limits:MaxConcurrentRequests"] = "1",
                ["Limits:MaxQueuedRequests"] = "1",
            },
            services => services.AddSingleton<IBot>(bot));
        using var client = app.CreateClient();

        var first = PostAsync(client);
        await bot.Entered.Task.WaitAsync(Wait);
        var second = PostAsync(client);
        var third = PostAsync(client);
        var refused = await Task.WhenAny(second, third).WaitAsync(Wait);

        using (var response = await refused)
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        }

        Assert.Equal(1, bot.Turns);
        bot.Release.SetResult();
        using var firstResponse = await first.WaitAsync(Wait);
        using var waitedResponse = await (refused == second ? third : second).WaitAsync(Wait);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, waitedResponse.StatusCode);
        Assert.Equal(2, bot.Turns);
    }

    [Fact]
    public async Task WhenQuietAsync_NobodyPresent_TrueAtOnce()
    {
        using var door = Door(permits: 1, queue: 1);

        var quiet = door.WhenQuietAsync(CancellationToken.None);

        Assert.True(quiet.IsCompletedSuccessfully, "waited although nobody was present");
        Assert.True(await quiet);
        var visit = await door.EnterAsync(CancellationToken.None);
        visit.Dispose();
        var again = door.WhenQuietAsync(CancellationToken.None);
        Assert.True(again.IsCompletedSuccessfully, "a request that left is still counted");
        Assert.True(await again);
    }

    [Fact]
    public async Task WhenQuietAsync_OneInsideOneWaiting_TrueWhenBothLeft()
    {
        using var door = Door(permits: 1, queue: 1);
        var inside = await door.EnterAsync(CancellationToken.None);
        var waiting = door.EnterAsync(CancellationToken.None).AsTask();

        var quiet = door.WhenQuietAsync(CancellationToken.None);
        Assert.False(quiet.IsCompleted);
        inside.Dispose();
        var second = await waiting.WaitAsync(Wait);
        Assert.False(quiet.IsCompleted, "the request that waited at the door was not counted");
        second.Dispose();

        Assert.True(await quiet.WaitAsync(Wait), "the wait ran out although the door emptied");
    }

    [Fact]
    public async Task WhenQuietAsync_RefusedAndCancelledRequests_CountedOnlyUntilTheyLeave()
    {
        using var door = Door(permits: 1, queue: 1);
        var inside = await door.EnterAsync(CancellationToken.None);
        using var giveUp = new CancellationTokenSource();
        var abandoned = door.EnterAsync(giveUp.Token).AsTask();
        var refused = await door.EnterAsync(CancellationToken.None);
        Assert.False(refused.IsAcquired);

        refused.Dispose();
        refused.Dispose();
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        var quiet = door.WhenQuietAsync(CancellationToken.None);
        Assert.False(quiet.IsCompleted, "a lease disposed twice left twice");
        inside.Dispose();

        Assert.True(await quiet.WaitAsync(Wait), "the wait ran out although the door emptied");
    }

    [Fact]
    public async Task WhenQuietAsync_NeverQuiet_FalseAfterReceiptsFirstFor()
    {
        using var door = Door(permits: 1, queue: 1, receiptsFirstFor: TimeSpan.FromMilliseconds(20));
        using var inside = await door.EnterAsync(CancellationToken.None);

        Assert.False(await door.WhenQuietAsync(CancellationToken.None).WaitAsync(Wait));
    }

    /// <summary>A door whose quiet wait outlasts every test unless the door empties (1 s, the longest allowed).</summary>
    private static RequestDoor Door(int permits, int queue, TimeSpan? receiptsFirstFor = null) =>
        new(Options.Create(new LimitsOptions
        {
            MaxConcurrentRequests = permits,
            MaxQueuedRequests = queue,
            ReceiptsFirstFor = receiptsFirstFor ?? TimeSpan.FromSeconds(1),
        }));

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client)
    {
        var activity = TeamsActivities.PersonalMessage("hello", ServiceUrl, "28:teamsbot-dev");
        using var content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json");
        return await client.PostAsync(Messages, content);
    }

    /// <summary>Holds every turn until released, so the requests stay in progress.</summary>
    private sealed class HeldBot : IBot
    {
        private int _turns;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Turns => Volatile.Read(ref _turns);

        public async Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _turns);
            Entered.TrySetResult();
            await Release.Task.WaitAsync(cancellationToken);
        }
    }
}
