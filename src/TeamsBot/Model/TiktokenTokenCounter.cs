using Microsoft.Extensions.Options;
using Microsoft.ML.Tokenizers;

namespace TeamsBot.Model;

/// <summary>Counts tokens offline with the model family's tiktoken encoding, to keep prompts within budget.</summary>
internal sealed class TiktokenTokenCounter(IOptions<ModelOptions> options) : ITokenCounter
{
    /// <summary>Chat formatting costs a few tokens per message on top of its text.</summary>
    public const int PerMessageOverhead = 4;

    private readonly Tokenizer _tokenizer = TiktokenTokenizer.CreateForEncoding(options.Value.Tokenizer);

    public int Count(string text) => _tokenizer.CountTokens(text) + PerMessageOverhead;
}
