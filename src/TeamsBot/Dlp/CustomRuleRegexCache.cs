using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace TeamsBot.Dlp;

/// <summary>
/// Compiles custom rule patterns and keyword lists once. Keyed by the pattern text rather than the options
/// instance, so a configuration reload picks up changed rules without stale entries being used.
/// </summary>
internal static class CustomRuleRegexCache
{
    /// <summary>Admin patterns are untrusted for performance: a catastrophic pattern must not stall a turn.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    // Configuration is small; the cap only stops unbounded growth if rules are reloaded many times.
    private const int MaxEntries = 256;

    private static readonly ConcurrentDictionary<string, Regex> Cache = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> when the pattern is not a valid regular expression.</summary>
    public static Regex ForPattern(string pattern) =>
        GetOrAdd("p:" + pattern, () => new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout));

    /// <summary>Whole-word, case-insensitive match of any keyword (normalised like the scanned text).</summary>
    public static Regex ForKeywords(IReadOnlyCollection<string> keywords)
    {
        var cleaned = keywords
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => TextNormaliser.Normalise(k.Trim()))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(k => k.Length)
            .ThenBy(k => k, StringComparer.Ordinal)
            .ToList();
        if (cleaned.Count == 0)
        {
            throw new ArgumentException("No keywords.", nameof(keywords));
        }

        var pattern = new StringBuilder(@"(?<!\w)(?:");
        for (int i = 0; i < cleaned.Count; i++)
        {
            if (i > 0)
            {
                pattern.Append('|');
            }

            pattern.Append(Regex.Escape(cleaned[i]));
        }

        pattern.Append(@")(?!\w)");
        var text = pattern.ToString();
        return GetOrAdd(
            "k:" + text,
            () => new Regex(text, RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, MatchTimeout));
    }

    private static Regex GetOrAdd(string key, Func<Regex> create)
    {
        if (Cache.TryGetValue(key, out var regex))
        {
            return regex;
        }

        regex = create();
        if (Cache.Count >= MaxEntries)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(key, regex);
    }
}
