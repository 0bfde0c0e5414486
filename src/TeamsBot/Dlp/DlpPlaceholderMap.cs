using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace TeamsBot.Dlp;

/// <summary>
/// Per-conversation memory of which value got which placeholder, so the same email address is <c>[EMAIL_1]</c>
/// in every turn and a second one is <c>[EMAIL_2]</c>. Persist it with <see cref="Serialise"/> and restore it
/// with <see cref="Parse"/>.
/// </summary>
/// <remarks>
/// The map holds no values: each entry is a keyed hash (HMAC-SHA-256 with a random per-map key, truncated to
/// 96 bits) of the canonical value. High-entropy secrets cannot be recovered from it; low-entropy values such as
/// SSNs could be brute-forced by someone holding the stored map, so store it with the conversation, not in logs.
/// The per-map key also stops the same value being linked across conversations.
/// Serialised form: <c>v1|key|EMAIL=hash,hash|CARD=hash</c>; the n-th hash of a label is placeholder n.
/// Not thread-safe: a conversation's turns are processed one at a time.
/// </remarks>
internal sealed class DlpPlaceholderMap
{
    private const string Version = "v1";
    private const int KeyBytes = 16;
    private const int HashBytes = 12;

    private readonly byte[] _key;
    private readonly Dictionary<string, List<string>> _byLabel = new(StringComparer.Ordinal);

    public DlpPlaceholderMap()
        : this(RandomNumberGenerator.GetBytes(KeyBytes))
    {
    }

    private DlpPlaceholderMap(byte[] key) => _key = key;

    /// <summary>Number of distinct values remembered, over all labels.</summary>
    public int Count => _byLabel.Values.Sum(l => l.Count);

    /// <summary>Returns the placeholder for <paramref name="value"/>, numbering it if it is new.</summary>
    public string GetPlaceholder(string label, ReadOnlySpan<char> value)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        var hash = Hash(label, value);
        if (!_byLabel.TryGetValue(label, out var hashes))
        {
            hashes = [];
            _byLabel.Add(label, hashes);
        }

        int index = hashes.IndexOf(hash);
        if (index < 0)
        {
            hashes.Add(hash);
            index = hashes.Count - 1;
        }

        return string.Concat("[", label, "_", (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
    }

    /// <summary>
    /// The same numbering with every value forgotten: a new key, and a random stand-in for each hash. Placeholders
    /// already in stored text keep their numbers and are never given to another value, but no value leads to them
    /// any more: a value seen again gets the next free number.
    /// </summary>
    public DlpPlaceholderMap WithValuesForgotten()
    {
        var forgotten = new DlpPlaceholderMap();
        foreach (var (label, hashes) in _byLabel)
        {
            forgotten._byLabel.Add(label, [.. hashes.Select(_ => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(HashBytes)))]);
        }

        return forgotten;
    }

    public string Serialise()
    {
        var builder = new StringBuilder(Version).Append('|').Append(Base64Url.EncodeToString(_key));
        foreach (var (label, hashes) in _byLabel.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            builder.Append('|').Append(label).Append('=').AppendJoin(',', hashes);
        }

        return builder.ToString();
    }

    /// <summary>Restores a map; null or empty gives a new, empty map.</summary>
    /// <exception cref="FormatException">The text is not a serialised map.</exception>
    public static DlpPlaceholderMap Parse(string? serialised) =>
        TryParse(serialised, out var map) ? map : throw new FormatException("Not a serialised DLP placeholder map.");

    public static bool TryParse(string? serialised, [NotNullWhen(true)] out DlpPlaceholderMap? map)
    {
        map = null;
        if (string.IsNullOrEmpty(serialised))
        {
            map = new DlpPlaceholderMap();
            return true;
        }

        var parts = serialised.Split('|');
        if (parts.Length < 2 || parts[0] != Version)
        {
            return false;
        }

        byte[] key;
        try
        {
            key = Base64Url.DecodeFromChars(parts[1]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (key.Length != KeyBytes)
        {
            return false;
        }

        var result = new DlpPlaceholderMap(key);
        for (int i = 2; i < parts.Length; i++)
        {
            int eq = parts[i].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return false;
            }

            var label = parts[i][..eq];
            var hashes = parts[i][(eq + 1)..].Split(',');
            if (!IsLabel(label) || result._byLabel.ContainsKey(label) || !hashes.All(IsHash))
            {
                return false;
            }

            result._byLabel.Add(label, [.. hashes]);
        }

        map = result;
        return true;
    }

    private string Hash(string label, ReadOnlySpan<char> value)
    {
        var canonical = Canonicalise(label, value);
        var data = Encoding.UTF8.GetBytes(label + "\n" + canonical);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data, mac);
        return Base64Url.EncodeToString(mac[..HashBytes]);
    }

    /// <summary>
    /// Different spellings of one value get one placeholder: "4012 8888 8888 1881" and "4012888888881881",
    /// "Joe@Example.com" and "joe@example.com", "+44 20 7946 0958" and "0044 20 7946 0958".
    /// </summary>
    internal static string Canonicalise(string label, ReadOnlySpan<char> value)
    {
        switch (label)
        {
            case "CARD":
            case "SSN":
                return KeepDigits(value, keepPlus: false);
            case "PHONE":
                var phone = KeepDigits(value, keepPlus: true);
                return phone.StartsWith("00", StringComparison.Ordinal) ? "+" + phone[2..] : phone;
            case "IBAN":
                var iban = new StringBuilder(value.Length);
                foreach (char c in value)
                {
                    if (char.IsAsciiLetterOrDigit(c))
                    {
                        iban.Append(char.ToUpperInvariant(c));
                    }
                }

                return iban.ToString();
            case "EMAIL":
            case "IP":
                return value.ToString().ToLowerInvariant();
            default:
                return value.ToString();
        }
    }

    private static string KeepDigits(ReadOnlySpan<char> value, bool keepPlus)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            if (char.IsAsciiDigit(c) || (keepPlus && c == '+' && builder.Length == 0))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsLabel(string label) => DlpOptionsValidator.LabelRegex().IsMatch(label);

    private static bool IsHash(string hash) =>
        hash.Length == 16 && hash.AsSpan().IndexOfAnyExcept(Base64UrlChars) < 0;

    private static readonly System.Buffers.SearchValues<char> Base64UrlChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");
}
