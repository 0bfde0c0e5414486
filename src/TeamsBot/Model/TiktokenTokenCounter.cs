using Microsoft.Extensions.Options;

namespace TeamsBot.Model;

/// <summary>Counts tokens offline with the model family's tiktoken encoding, to keep prompts within budget.</summary>
internal sealed class TiktokenTokenCounter : ITokenCounter
{
    /// <summary>Chat formatting costs a few tokens per message on top of its text.</summary>
    public const int PerMessageOverhead = 4;

    private readonly CompactBpeCounter _counter;

    public TiktokenTokenCounter(IOptions<ModelOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string encoding = options.Value.Tokenizer;
        IReadOnlyList<string> specialTokens = TiktokenEncodings.SpecialTokensOf(encoding)
            ?? throw new ArgumentException(
                $"Model:Tokenizer '{encoding}' is not supported; use {TiktokenEncodings.O200kBase} or {TiktokenEncodings.O200kHarmony}.",
                nameof(options));
        // The app holds one counter (a singleton), so the ranks are read once, when the first turn needs them.
        _counter = new CompactBpeCounter(TiktokenRanksLoader.LoadO200kBase(), specialTokens);
    }

    public int Count(string text) => _counter.CountTokens(text) + PerMessageOverhead;
}
