using System.Diagnostics.CodeAnalysis;

namespace TeamsBot.Audit;

/// <summary>The <c>--name value</c> pairs of a maintenance verb (<c>audit export</c>, <c>report</c>), read one way.</summary>
internal static class VerbOptions
{
    /// <summary>Reads the pairs from <paramref name="start"/> on: each name allowed, given once, with a value.</summary>
    public static bool TryRead(IReadOnlyList<string> args, int start, string verb, IReadOnlyCollection<string> allowed,
        [NotNullWhen(true)] out Dictionary<string, string>? values, [NotNullWhen(false)] out string? error)
    {
        values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = start; i < args.Count; i += 2)
        {
            string name = args[i];
            if (!allowed.Contains(name))
            {
                error = $"Unknown option '{name}' for '{verb}'.";
                values = null;
                return false;
            }

            if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]) || args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                error = $"Option '{name}' needs a value.";
                values = null;
                return false;
            }

            if (!values.TryAdd(name, args[i + 1]))
            {
                error = $"Option '{name}' is given twice.";
                values = null;
                return false;
            }
        }

        error = null;
        return true;
    }
}
