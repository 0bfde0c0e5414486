using Microsoft.Extensions.AI;

namespace TeamsBot.Model;

/// <summary>Stands in while no model is configured, so the bot starts and every turn ends in a clear card.</summary>
internal sealed class NotConfiguredChatClient : IChatClient
{
    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) => throw new ModelNotConfiguredException();

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new ModelNotConfiguredException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
