using System.Text;
using Microsoft.ML.Tokenizers;
using TeamsBot.Model;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Model;

/// <summary>The compact counter against Microsoft.ML.Tokenizers, the reference it replaced: same count for every text.</summary>
public sealed class CompactBpeCounterTests
{
    private static readonly Lazy<TiktokenRanks> Ranks = new(TiktokenRanksLoader.LoadO200kBase);

    private readonly CompactBpeCounter _base = new(Ranks.Value, TiktokenEncodings.SpecialTokensOf("o200k_base")!);
    private readonly TiktokenTokenizer _baseReference = TiktokenTokenizer.CreateForEncoding("o200k_base");

    [Fact]
    public void CountTokens_GeneratedCorpus_EqualsLibrary()
    {
        int samples = 0;
        foreach ((string kind, string text) in TokenCountCorpus.Generate(samplesPerKind: 400))
        {
            AssertSameCount(_base, _baseReference, kind, text);
            samples++;
        }

        Assert.Equal(12 * 400, samples);
    }

    [Fact]
    public void CountTokens_LongPieces_EqualsLibrary()
    {
        foreach ((string kind, string text) in TokenCountCorpus.LongPieces())
        {
            AssertSameCount(_base, _baseReference, kind, text);
        }
    }

    [Fact]
    public void CountTokens_RepositoryDocsAndFixtures_EqualsLibrary()
    {
        string root = RepositoryPaths.Root;
        var files = Directory.GetFiles(Path.Combine(root, "docs"), "*.md")
            .Append(Path.Combine(root, "README.md"))
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "TeamsBot.Tests"), "*.jsonl", SearchOption.AllDirectories))
            .Concat(Directory.GetFiles(Path.Combine(root, "tests", "TeamsBot.Tests", "Model"), "*.cs"))
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count >= 5, $"Found only {files.Count} files under {root}.");

        foreach (string path in files)
        {
            string text = File.ReadAllText(path);
            AssertSameCount(_base, _baseReference, Path.GetFileName(path), text);
            foreach (string line in text.Split('\n'))
            {
                AssertSameCount(_base, _baseReference, Path.GetFileName(path), line);
            }
        }
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("<|endoftext|>", 1)]
    [InlineData("a<|endofprompt|>b", 3)]
    [InlineData("<|endoftext|><|endoftext|>", 2)]
    [InlineData("hello world", 2)]
    public void CountTokens_KnownTexts_CountsAsLibraryDoes(string text, int expected)
    {
        Assert.Equal(expected, _baseReference.CountTokens(text));
        Assert.Equal(expected, _base.CountTokens(text));
    }

    [Fact]
    public void CountTokens_SpecialTokenAfterSpaces_SplitsLikeLibrary()
    {
        // The lookahead of "\s+(?!\S)" must not see past a special token.
        foreach (string text in new[] { "hello   <|endoftext|>", "x \n <|endofprompt|>  y", "  <|endoftext|>", "<|endoftext|>   " })
        {
            AssertSameCount(_base, _baseReference, "special after spaces", text);
        }
    }

    [Fact]
    public void CountTokens_HarmonyEncoding_EqualsLibrary()
    {
        var harmony = new CompactBpeCounter(Ranks.Value, TiktokenEncodings.SpecialTokensOf("o200k_harmony")!);
        var reference = TiktokenTokenizer.CreateForEncoding("o200k_harmony");
        foreach ((string kind, string text) in TokenCountCorpus.Generate(samplesPerKind: 60))
        {
            AssertSameCount(harmony, reference, kind, text);
        }

        Assert.Equal(1, harmony.CountTokens("<|channel|>"));
        Assert.Equal(reference.CountTokens("<|start|>assistant<|channel|>final<|message|>Hi<|end|>"),
            harmony.CountTokens("<|start|>assistant<|channel|>final<|message|>Hi<|end|>"));
    }

    private static void AssertSameCount(CompactBpeCounter counter, Tokenizer reference, string kind, string text)
    {
        int expected = reference.CountTokens(text);
        int actual = counter.CountTokens(text);
        if (expected != actual)
        {
            Assert.Fail($"{kind}: library counts {expected}, compact counter {actual} for \"{Escape(text)}\".");
        }
    }

    private static string Escape(string text)
    {
        var escaped = new StringBuilder();
        foreach (char c in text.Length > 400 ? text[..400] : text)
        {
            escaped.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:X4}");
        }

        return escaped.ToString();
    }
}
