using Microsoft.Extensions.AI;

namespace TeamsBot.Tests.TestUtils;

/// <summary>An in-process IChatClient for stage tests; records every prompt it is sent.</summary>
public sealed class ScriptedChatClient(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> answer)
    : IChatClient
{
    public List<IReadOnlyList<ChatMessage>> Prompts { get; } = [];

    public static ScriptedChatClient Answering(string text, ChatFinishReason? finish = null) =>
        new((_, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            FinishReason = finish ?? ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 12, OutputTokenCount = 5 },
        }));

    public static ScriptedChatClient Throwing(Exception exception) => new((_, _) => throw exception);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var prompt = messages.ToList();
        Prompts.Add(prompt);
        return await answer(prompt, cancellationToken);
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Stage tests use the non-streaming call.");

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
