using System.Runtime.CompilerServices;
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

    /// <summary>Streams the scripted answer in pieces of this many characters (the last update has finish and usage).</summary>
    public int StreamChunkSize { get; set; } = 4;

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages,
        ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken);
        string text = response.Text;
        for (int offset = 0; offset < text.Length; offset += StreamChunkSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text.Substring(offset, Math.Min(StreamChunkSize, text.Length - offset)));
        }

        var last = new ChatResponseUpdate { Role = ChatRole.Assistant, FinishReason = response.FinishReason };
        if (response.Usage is { } usage)
        {
            last.Contents.Add(new UsageContent(usage));
        }

        yield return last;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
