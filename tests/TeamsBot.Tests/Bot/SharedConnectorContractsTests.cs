using System.Diagnostics.Tracing;
using Microsoft.Bot.Connector;
using Newtonsoft.Json.Serialization;
using TeamsBot.Bot;
using TeamsBot.Tests.TestUtils;
using TeamsBot.Tests.Turns;

namespace TeamsBot.Tests.Bot;

[Collection(AloneInProcessGroup.Name)]
public sealed class SharedConnectorContractsTests
{
    private const int Measured = 6;

    [Fact]
    public async Task Answer_AfterTheFirstFew_EmitsNoNewSerialisationCode()
    {
        await using var engine = await EngineHarness.StartAsync();
        string conversation = "a:1" + Guid.NewGuid().ToString("N");
        for (int i = 0; i < 4; i++)
        {
            await AnswerAsync(engine, conversation, $"warm-up {i} {Guid.NewGuid():N}");
        }

        using var emitted = new EmittedMethods();
        for (int i = 0; i < Measured; i++)
        {
            await AnswerAsync(engine, conversation, $"measured {i} {Guid.NewGuid():N}");
        }

        double perAnswer = (double)emitted.Count / Measured;
        // Before: every turn's new connector client built its contracts afresh, with about 70 property accessors
        // emitted and compiled per answer (150 methods compiled in all).
        Assert.True(perAnswer < 5, $"{perAnswer:F0} emitted methods compiled per answer");
    }

    [Fact]
    public void Share_TwoClients_OneResolverForBoth()
    {
        using var first = new ConnectorClient(new Uri("http://127.0.0.1:1"));
        using var second = new ConnectorClient(new Uri("http://127.0.0.1:1"));

        SharedConnectorContracts.Share(first);
        SharedConnectorContracts.Share(second);

        Assert.Same(first.SerializationSettings.ContractResolver, second.SerializationSettings.ContractResolver);
        Assert.Same(first.DeserializationSettings.ContractResolver, second.DeserializationSettings.ContractResolver);
    }

    [Fact]
    public void Share_ResolverConfiguredDifferently_LeftAlone()
    {
        using var client = new ConnectorClient(new Uri("http://127.0.0.1:1"));
        var own = new CamelCasePropertyNamesContractResolver();
        client.SerializationSettings.ContractResolver = own;

        SharedConnectorContracts.Share(client);

        Assert.Same(own, client.SerializationSettings.ContractResolver);
    }

    /// <summary>
    /// Methods emitted at run time (Newtonsoft's property accessors among them) as the runtime compiles them: its own
    /// events, read in this process.
    /// </summary>
    private sealed class EmittedMethods : EventListener
    {
        private const EventKeywords Jit = (EventKeywords)0x10;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, Jit);
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventName?.StartsWith("MethodLoadVerbose", StringComparison.Ordinal) == true
                && eventData.PayloadNames?.IndexOf("MethodNamespace") is int index and >= 0
                && eventData.Payload?[index] is "dynamicClass")
            {
                Interlocked.Increment(ref _count);
            }
        }
    }

    private static async Task AnswerAsync(EngineHarness engine, string conversation, string text)
    {
        await engine.PostAsync(TeamsActivities.PersonalMessage(text, engine.Connector.ServiceUrl,
            EngineHarness.BotAppId, conversation));
        await engine.WaitForAnswerAsync(text, TimeSpan.FromSeconds(30));
    }
}
