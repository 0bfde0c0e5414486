using System.Net;
using System.Security.Claims;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsBot.Connector;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Connector;

/// <summary>The registration as the app uses it: the Bot Framework's connector factory, handed our client factory.</summary>
public sealed class ConnectorServiceExtensionsTests
{
    private static readonly TimeSpan Released = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AddBotConnectorClient_SdkConnectorFactory_RetriedByOurHandlerAndNothingElse()
    {
        await using var connector = await ConnectorDouble.StartAsync(CancellationToken.None);
        connector.FailNext(ConnectorFailure.TooManyRequests(TimeSpan.Zero, times: 5));
        var time = new RecordingTimeProvider();
        var configuration = Configuration(("Connector:MaxAttempts", "2"));
        await using var services = Services(configuration, time);
        var authentication = new ConfigurationBotFrameworkAuthentication(configuration,
            httpClientFactory: services.GetRequiredService<BotConnectorHttpClientFactory>());
        using var client = await authentication.CreateConnectorFactory(new ClaimsIdentity())
            .CreateAsync(connector.ServiceUrl.ToString(), null, CancellationToken.None);

        var timersBefore = time.Timers.Count;
        var send = client.Conversations.SendToConversationAsync(
            "a:1x", new Activity { Type = ActivityTypes.Message, Text = "throttled" });
        await time.AdvanceUntilDoneAsync(send, timersBefore, Released);
        var error = await Assert.ThrowsAsync<ErrorResponseException>(() => send.WaitAsync(Released));

        // Two tries is Connector:MaxAttempts: the SDK's client adds no retry of its own on top.
        Assert.Equal(HttpStatusCode.TooManyRequests, error.Response.StatusCode);
        Assert.Equal(2, connector.Requests.Count);
    }

    [Theory]
    [InlineData("Connector:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Connector:BaseDelay", "00:01:00", "Connector:BaseDelay")]
    public async Task AddBotConnectorClient_InvalidSetting_RefusedNamingIt(string key, string value, string named)
    {
        await using var services = Services(Configuration((key, value)), new RecordingTimeProvider());

        var error = Assert.Throws<OptionsValidationException>(
            () => services.GetRequiredService<IOptions<ConnectorOptions>>().Value);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();

    private static ServiceProvider Services(IConfiguration configuration, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(configuration);
        services.AddLogging();
        services.AddSingleton(time);
        services.AddBotConnectorClient();
        return services.BuildServiceProvider();
    }
}
