using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TeamsBot.Receipt;

/// <summary>
/// What an incoming activity may carry, in one place. An id or name that no real Teams activity has (too long, control
/// characters, text that is not valid Unicode) is refused with 400 before anything runs: stored, it failed on
/// PostgreSQL (column lengths, index size, no U+0000) with a 500 that Teams re-delivers for ever. A user's free text is
/// never refused for its characters: <see cref="CleanText"/> replaces what a store cannot hold.
/// </summary>
internal static class ActivityLimits
{
    /// <summary>Ids: visible ASCII only (Teams ids are), within the stored columns and the unique index's size.</summary>
    private static readonly Field[] Fields =
    [
        new("id", 256, Kind.Id),
        new("replyToId", 256, Kind.Id),
        new("channelId", 64, Kind.Id),
        new("serviceUrl", 2048, Kind.Id),
        new("locale", 64, Kind.Id),
        new("conversation.id", 512, Kind.Id),
        new("conversation.tenantId", 64, Kind.Id),
        new("conversation.conversationType", 32, Kind.Id),
        new("conversation.name", 1024, Kind.Name),
        new("from.id", 200, Kind.Id),
        new("from.aadObjectId", 64, Kind.Id),
        new("from.name", 256, Kind.Name),
        new("recipient.id", 200, Kind.Id),
        new("recipient.name", 256, Kind.Name),
        new("channelData.tenant.id", 64, Kind.Id),
        new("channelData.team.id", 512, Kind.Id),
        new("channelData.channel.id", 512, Kind.Id),
    ];

    private enum Kind
    {
        /// <summary>Opaque Teams id: printable ASCII, no spaces at either end.</summary>
        Id,

        /// <summary>A display name: any valid Unicode text without control characters.</summary>
        Name,
    }

    /// <summary>Why the activity is refused (a short sentence naming the field), or null when it is within limits.</summary>
    public static string? Check(JsonElement activity)
    {
        foreach (var field in Fields)
        {
            if (Find(activity, field.Path) is not { } value)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                return $"{field.Path} must be a string.";
            }

            string text;
            try
            {
                text = value.GetString()!;
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate: not text at all.
                return $"{field.Path} is not valid Unicode text.";
            }

            if (text.Length > field.MaxLength)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{field.Path} is longer than {field.MaxLength} characters.");
            }

            if (field.Kind == Kind.Id ? !IsId(text) : !IsName(text))
            {
                return field.Kind == Kind.Id
                    ? $"{field.Path} has characters that no Teams id has."
                    : $"{field.Path} has control characters or is not valid Unicode text.";
            }
        }

        return null;
    }

    /// <summary>
    /// A user's text with U+0000 and lone surrogates replaced by U+FFFD. PostgreSQL text cannot hold U+0000 and UTF-8
    /// cannot encode a lone surrogate, so the message failed to store on every re-delivery and was lost; refusing it
    /// would lose it too. Replaced rather than removed: the text keeps its length and word boundaries (DLP sees the
    /// same pieces) and the user can see where something was.
    /// </summary>
    public static string CleanText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = FirstUnstorable(text);
        if (first < 0)
        {
            return text;
        }

        var cleaned = new StringBuilder(text.Length);
        cleaned.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cleaned.Append(c).Append(text[++i]);
            }
            else
            {
                cleaned.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return cleaned.ToString();
    }

    private static int FirstUnstorable(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\0' || (char.IsSurrogate(c) && !char.IsSurrogatePair(text, i)))
            {
                return i;
            }

            if (char.IsHighSurrogate(c))
            {
                i++;
            }
        }

        return -1;
    }

    private static bool IsId(string text) =>
        text.All(c => c is >= ' ' and <= '~') && text.Trim().Length == text.Length;

    private static bool IsName(string text) =>
        FirstUnstorable(text) < 0 && !text.Any(char.IsControl);

    private static JsonElement? Find(JsonElement activity, string path)
    {
        var current = activity;
        foreach (string name in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    private sealed record Field(string Path, int MaxLength, Kind Kind);
}
