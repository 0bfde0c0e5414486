using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector;
using Microsoft.Rest.Serialization;
using Newtonsoft.Json.Serialization;

namespace TeamsBot.Bot;

/// <summary>
/// The Bot Framework builds a new ConnectorClient for every turn, and each one a new Newtonsoft contract resolver:
/// every turn then rebuilt the serialisation contracts of Activity and its parts by reflection, and compiled their
/// accessors anew (over a third of the CPU under load). The resolver caches contracts and is safe to share between
/// threads, so every client gets the one below before it serialises anything. Credentials, service URL and HTTP
/// pipeline stay the client's own.
/// </summary>
internal sealed class SharedConnectorContracts : Microsoft.Bot.Builder.IMiddleware
{
    /// <summary>The resolvers the SDK's ConnectorClient makes for itself (by version), each made once.</summary>
    private static readonly DefaultContractResolver PlainResolver = new();
    private static readonly ReadOnlyJsonContractResolver ReadOnlyResolver = new();

    public Task OnTurnAsync(ITurnContext turnContext, NextDelegate next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        ArgumentNullException.ThrowIfNull(next);
        if (turnContext.TurnState.Get<IConnectorClient>() is { } client)
        {
            Share(client);
        }

        return next(cancellationToken);
    }

    /// <summary>
    /// Replaces only a resolver the SDK made as it comes (exactly one of the two types, default settings): one
    /// configured differently is left alone, so shared and replaced always serialise alike.
    /// </summary>
    internal static void Share(IConnectorClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        foreach (var settings in new[] { client.SerializationSettings, client.DeserializationSettings })
        {
            if (settings?.ContractResolver is DefaultContractResolver resolver && AsItComes(resolver))
            {
                settings.ContractResolver = resolver.GetType() == typeof(ReadOnlyJsonContractResolver)
                    ? ReadOnlyResolver
                    : PlainResolver;
            }
        }
    }

    private static bool AsItComes(DefaultContractResolver resolver) =>
        (resolver.GetType() == typeof(DefaultContractResolver) || resolver.GetType() == typeof(ReadOnlyJsonContractResolver))
        && resolver.NamingStrategy is null
        && resolver.IgnoreSerializableInterface == PlainResolver.IgnoreSerializableInterface
        && resolver.IgnoreSerializableAttribute == PlainResolver.IgnoreSerializableAttribute
        && resolver.IgnoreIsSpecifiedMembers == PlainResolver.IgnoreIsSpecifiedMembers
        && resolver.IgnoreShouldSerializeMembers == PlainResolver.IgnoreShouldSerializeMembers
        && resolver.SerializeCompilerGeneratedMembers == PlainResolver.SerializeCompilerGeneratedMembers;
}
