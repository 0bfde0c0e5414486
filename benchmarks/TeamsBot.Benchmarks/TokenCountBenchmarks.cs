using BenchmarkDotNet.Attributes;
using Microsoft.ML.Tokenizers;
using TeamsBot.Model;

namespace TeamsBot.Benchmarks;

/// <summary>
/// Counting o200k tokens of one chat message and of a long history: Microsoft.ML.Tokenizers' CountTokens (what the
/// app used) against the compact counter that replaced it. Both count the same text again and again, so the
/// library's cache of short words is warm, as it is for a history counted every turn.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class TokenCountBenchmarks
{
    private Tokenizer _library = null!;
    private CompactBpeCounter _compact = null!;
    private string _text = string.Empty;

    [Params(2 * 1024, 32 * 1024)]
    public int TextChars { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _library = TiktokenTokenizer.CreateForEncoding(TiktokenEncodings.O200kBase);
        _compact = new CompactBpeCounter(TiktokenRanksLoader.LoadO200kBase(), TiktokenEncodings.SpecialTokensOf(TiktokenEncodings.O200kBase)!);
        _text = MessageCorpus.Build(TextChars);
        if (_library.CountTokens(_text) != _compact.CountTokens(_text))
        {
            throw new InvalidOperationException("The counters disagree on the benchmark text.");
        }
    }

    [Benchmark(Baseline = true)]
    public int LibraryCountTokens() => _library.CountTokens(_text);

    [Benchmark]
    public int CompactCountTokens() => _compact.CountTokens(_text);
}
