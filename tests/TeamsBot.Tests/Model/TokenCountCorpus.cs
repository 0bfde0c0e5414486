using System.Globalization;
using System.Text;

namespace TeamsBot.Tests.Model;

/// <summary>
/// Texts that exercise every branch of o200k counting: each alternative of the pre-tokenization pattern, special
/// tokens, whole-token pieces and long merges. Generated from a fixed seed, so a failure names a reproducible sample.
/// </summary>
public static class TokenCountCorpus
{
    private static readonly string[] Words =
    [
        "the", "model", "answer", "Teams", "tenant", "policy", "quota", "don", "CAN", "Hello", "WORLD", "iPhone",
        "McDonald", "naïve", "café", "Straße", "ÉCOLE", "ǅemal", "Ωmega", "über", "façade", "résumé", "x", "I", "a",
    ];

    private static readonly string[] Contractions = ["'s", "'t", "'re", "'ve", "'m", "'ll", "'d", "'S", "'T", "'RE", "'Ve", "'M", "'LL", "'D", "'x", "'"];

    private static readonly string[] CodeLines =
    [
        "public sealed class Foo : IBar { }", "if (x >= 10 && y != null) { return x++; }", "var s = $\"{a}/{b}\";",
        "def f(x):\n    return x**2  # square", "SELECT * FROM turns WHERE lease_until < now() RETURNING id;",
        "<div class=\"card\">&nbsp;</div>", "https://contoso.example/path?q=1&r=%20", "x+=1;//comment", "a/b/c\r\n/d",
        "{\"key\": [1, 2.5e-3, true, null]}", "std::vector<int> v{1,2,3};", "$ git log --oneline | head -n 5",
    ];

    private static readonly string[] SpecialTokens =
    [
        "<|endoftext|>", "<|endofprompt|>", "<|fim_prefix|>", "<|im_start|>", "<|endoftext", "<|", "|>", "<|<|endoftext|>",
        "<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|call|>", "<|return|>", "<|constrain|>",
        "<|startoftext|>", "<|reserved_200000|>", "<|reserved_200013|>", "<|reserved_200018|>",
    ];

    private static readonly string[] Emoji =
    [
        "😀", "👍🏽", "👩‍💻", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️", "🇩🇪", "🧑🏿‍🚀", "✋🏻", "🙂\u200D", "1️⃣",
    ];

    private static readonly string[] Whitespace = [" ", "  ", "\t", "\n", "\r\n", "\r", "\n\n", " \n ", "\u00A0", "\u3000", "\u2028", "\v", "\f"];

    /// <summary>Samples by kind; each kind is generated from its own seed.</summary>
    public static IEnumerable<(string Kind, string Text)> Generate(int samplesPerKind)
    {
        var kinds = new (string Kind, Func<Random, string> Make)[]
        {
            ("prose", Prose),
            ("code", r => Join(r, 1, 6, _ => Pick(r, CodeLines), r.Next(3) == 0 ? "\n" : " ")),
            ("whitespace", r => Join(r, 1, 12, _ => Pick(r, Whitespace) + (r.Next(2) == 0 ? Word(r) : ""), "")
                + new string(' ', r.Next(0, 40)) + (r.Next(2) == 0 ? "\n" : "")),
            ("digits", r => Join(r, 1, 8, _ => Digits(r, r.Next(1, 20)), Pick(r, [" ", ",", ".", "", "-", "x", "\n"]))),
            ("cjk", r => Join(r, 1, 10, _ => Chars(r, 0x4E00, 0x9FFF, r.Next(1, 12)) + Pick(r, ["。", "、", "", " ", "「", "」", "カタカナ", "ひらがな", "한국어"]), "")),
            ("rtl", r => Join(r, 1, 10, _ => r.Next(2) == 0 ? Chars(r, 0x0621, 0x064A, r.Next(1, 9)) : Chars(r, 0x05D0, 0x05EA, r.Next(1, 9)), Pick(r, [" ", "، ", ". ", "\u200F", " 123 "]))),
            ("emoji", r => Join(r, 1, 10, _ => Pick(r, Emoji) + (r.Next(3) == 0 ? Word(r) : ""), Pick(r, ["", " ", "\n"]))),
            ("combining", r => Join(r, 1, 10, _ => Word(r) + new string('\u0301', r.Next(0, 3)) + "e\u0308\u0323" + Chars(r, 0x0300, 0x036F, r.Next(0, 4)), " ")),
            ("contractions", r => Join(r, 1, 12, _ => Cased(r, Word(r)) + Pick(r, Contractions), Pick(r, [" ", "", "\n", "-"]))),
            ("surrogates", r => Join(r, 1, 8, _ => Word(r) + Pick(r, ["\uD800", "\uDFFF", "\uDC00x", "\uD83D", "\uDE00", "a\uD800\uD800b", "\uFFFD", "\uFFFE"]), Pick(r, [" ", ""]))),
            ("special", r => Join(r, 1, 8, _ => Pick(r, SpecialTokens) + (r.Next(2) == 0 ? Word(r) : Pick(r, Whitespace)), Pick(r, [" ", "", "\n"]))),
            ("mixed", r => Join(r, 3, 20, _ => Pick(r, [Word(r), Pick(r, CodeLines), Pick(r, Emoji), Digits(r, 5), Pick(r, SpecialTokens), Pick(r, Whitespace), Chars(r, 0x0400, 0x04FF, 6), Chars(r, 0x0E00, 0x0E7F, 5), Chars(r, 0x20, 0x7E, 12), Chars(r, 0x80, 0x2FFF, 6)]), "")),
        };

        for (int k = 0; k < kinds.Length; k++)
        {
            var random = new Random(1000 + k);
            for (int i = 0; i < samplesPerKind; i++)
            {
                yield return (kinds[k].Kind, kinds[k].Make(random));
            }
        }
    }

    /// <summary>Pieces far longer than one token: each merges through the long-piece path.</summary>
    public static IEnumerable<(string Kind, string Text)> LongPieces()
    {
        var random = new Random(7);
        yield return ("letters 10 KB", Chars(random, 'a', 'z', 10_240));
        yield return ("mixed case 10 KB", string.Concat(Enumerable.Range(0, 2048).Select(_ => Cased(random, Word(random)))));
        yield return ("one letter 10 KB", new string('a', 10_240));
        yield return ("CJK 10 KB", Chars(random, 0x4E00, 0x9FFF, 10_240));
        yield return ("punctuation 10 KB", Chars(random, '!', '/', 10_240));
        yield return ("spaces 10 KB", new string(' ', 10_240) + "x");
        yield return ("newlines 10 KB", new string('\n', 10_240));
        yield return ("digits 10 KB", Digits(random, 10_240));
        yield return ("base64 10 KB", Convert.ToBase64String(RandomBytes(random, 7_680)));
        yield return ("emoji 10 KB", string.Concat(Enumerable.Range(0, 1_500).Select(_ => Pick(random, Emoji))));
        yield return ("129 bytes", new string('q', 129));
        yield return ("128 bytes", new string('q', 128));
    }

    private static string Prose(Random random)
    {
        var text = new StringBuilder();
        int sentences = random.Next(1, 6);
        for (int s = 0; s < sentences; s++)
        {
            int words = random.Next(3, 15);
            for (int w = 0; w < words; w++)
            {
                string word = Word(random);
                text.Append(w == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word);
                text.Append(Pick(random, [" ", " ", " ", ", ", "  ", " (", ") ", "-", "—", " \"", "\" "]));
            }

            text.Append(Pick(random, [".", "!", "?", "...", ".\n", ".\n\n", ";"]));
            text.Append(random.Next(2) == 0 ? " " : "");
        }

        return text.ToString();
    }

    private static string Word(Random random) => Pick(random, Words);

    private static string Cased(Random random, string word) => random.Next(4) switch
    {
        0 => word.ToUpperInvariant(),
        1 => word.ToLowerInvariant(),
        2 => char.ToUpperInvariant(word[0]) + word[1..].ToLowerInvariant(),
        _ => word,
    };

    private static string Digits(Random random, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => random.Next(10).ToString(CultureInfo.InvariantCulture)));

    private static string Chars(Random random, int first, int last, int count)
    {
        var text = new StringBuilder(count);
        for (int i = 0; i < count; i++)
        {
            text.Append((char)random.Next(first, last + 1));
        }

        return text.ToString();
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        byte[] bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string Join(Random random, int min, int max, Func<int, string> part, string separator) =>
        string.Join(separator, Enumerable.Range(0, random.Next(min, max + 1)).Select(part));

    private static string Pick(Random random, string[] choices) => choices[random.Next(choices.Length)];
}
