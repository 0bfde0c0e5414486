namespace TeamsBot.Model;

/// <summary>
/// The tiktoken encodings this app counts with (both use the o200k ranks and pre-tokenization) and the special
/// tokens each recognises in text: one token each, as Microsoft.ML.Tokenizers 2.0.1 counts them.
/// </summary>
internal static class TiktokenEncodings
{
    public const string O200kBase = "o200k_base";
    public const string O200kHarmony = "o200k_harmony";

    private static readonly string[] O200kBaseSpecialTokens = ["<|endoftext|>", "<|endofprompt|>"];

    private static readonly string[] O200kHarmonySpecialTokens =
    [
        "<|startoftext|>", "<|endoftext|>", "<|reserved_200000|>", "<|reserved_200001|>", "<|return|>",
        "<|constrain|>", "<|reserved_200004|>", "<|channel|>", "<|start|>", "<|end|>", "<|message|>",
        "<|reserved_200009|>", "<|reserved_200010|>", "<|reserved_200011|>", "<|call|>", "<|reserved_200013|>",
        "<|reserved_200014|>", "<|reserved_200015|>", "<|reserved_200016|>", "<|reserved_200017|>", "<|endofprompt|>",
    ];

    /// <summary>The special tokens of an encoding named as <c>Model:Tokenizer</c> accepts it (any case), or null.</summary>
    public static IReadOnlyList<string>? SpecialTokensOf(string? encodingName) => encodingName switch
    {
        _ when string.Equals(encodingName, O200kBase, StringComparison.OrdinalIgnoreCase) => O200kBaseSpecialTokens,
        _ when string.Equals(encodingName, O200kHarmony, StringComparison.OrdinalIgnoreCase) => O200kHarmonySpecialTokens,
        _ => null,
    };
}
