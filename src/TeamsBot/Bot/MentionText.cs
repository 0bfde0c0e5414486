using System.Net;
using System.Text;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace TeamsBot.Bot;

/// <summary>
/// Takes the @mention markup out of a Teams message: the bot's own mentions are addressing and go; other people's
/// mentions become their plain names. No <c>&lt;at&gt;</c> tag reaches commands, history or the model.
/// </summary>
/// <remarks>
/// Not the SDK's RemoveRecipientMention: it only removes text exactly equal to the mention entity's text, so it misses
/// <c>&lt;at id="0"&gt;</c> forms, a differently encoded name (<c>A&amp;B</c> vs <c>A&amp;amp;B</c>) or a non-breaking
/// space inside the name; it keeps other people's tags, leaves two spaces where a mention stood mid-sentence, and
/// changes the activity it reads.
/// </remarks>
internal static class MentionText
{
    private const string OpenTag = "<at";
    private const string CloseTag = "</at>";
    private const string NbspEntity = "&nbsp;";

    public static string Strip(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        string text = activity.Text ?? string.Empty;
        var bot = BotMentions.Of(activity);
        var output = new StringBuilder(text.Length);
        int position = 0;
        while (NextTag(text, position) is { } tag)
        {
            output.Append(text, position, tag.Start - position);
            position = tag.End;
            if (bot.Matches(text[tag.Start..tag.End], text[tag.NameStart..tag.NameEnd]))
            {
                // The words either side are joined by one plain space ("ask<at>Bot</at>now" too), none before
                // punctuation or a line break.
                while (output.Length > 0 && IsSpace(output[^1]))
                {
                    output.Length--;
                }

                position = SkipSpaces(text, position);
                if (output.Length > 0 && !char.IsWhiteSpace(output[^1]) && position < text.Length
                    && !char.IsWhiteSpace(text[position]) && !EndsPhrase(text[position]))
                {
                    output.Append(' ');
                }
            }
            else
            {
                output.Append(PlainName(text[tag.NameStart..tag.NameEnd]));
            }
        }

        output.Append(text, position, text.Length - position);
        return TrimEnds(output.ToString());
    }

    /// <summary>
    /// The next <c>&lt;at …&gt;name&lt;/at&gt;</c> at or after <paramref name="from"/>; when two opening tags come
    /// before a closing one, the later (innermost) pair. Linear: once no closing tag follows, none will.
    /// </summary>
    private static Tag? NextTag(string text, int from)
    {
        int searchFrom = from;
        while (true)
        {
            int start = text.IndexOf(OpenTag, searchFrom, StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                return null;
            }

            int afterName = start + OpenTag.Length;
            if (afterName >= text.Length || (text[afterName] != '>' && !char.IsWhiteSpace(text[afterName])))
            {
                // "<atom>" or "<a…>" is not a mention.
                searchFrom = afterName;
                continue;
            }

            int nameStart = text.IndexOf('>', afterName) + 1;
            if (nameStart == 0)
            {
                return null;
            }

            int nameEnd = text.IndexOf(CloseTag, nameStart, StringComparison.OrdinalIgnoreCase);
            if (nameEnd < 0)
            {
                return null;
            }

            int inner = text.IndexOf(OpenTag, nameStart, nameEnd - nameStart, StringComparison.OrdinalIgnoreCase);
            if (inner >= 0)
            {
                searchFrom = inner;
                continue;
            }

            return new Tag(start, nameStart, nameEnd, nameEnd + CloseTag.Length);
        }
    }

    /// <summary>A mention name as readable text: entities decoded, non-breaking spaces plain.</summary>
    private static string PlainName(string name) =>
        WebUtility.HtmlDecode(name).Replace('\u00A0', ' ').Trim();

    /// <summary>Compares names as people read them: entities decoded, spaces collapsed (case is ignored by the set).</summary>
    private static string NameKey(string name)
    {
        string plain = PlainName(name);
        var key = new StringBuilder(plain.Length);
        foreach (char c in plain)
        {
            if (char.IsWhiteSpace(c))
            {
                if (key.Length > 0 && key[^1] != ' ')
                {
                    key.Append(' ');
                }
            }
            else
            {
                key.Append(c);
            }
        }

        return key.ToString().TrimEnd();
    }

    private static int SkipSpaces(string text, int position)
    {
        while (position < text.Length)
        {
            if (IsSpace(text[position]))
            {
                position++;
            }
            else if (string.CompareOrdinal(text, position, NbspEntity, 0, NbspEntity.Length) == 0)
            {
                position += NbspEntity.Length;
            }
            else
            {
                break;
            }
        }

        return position;
    }

    private static bool EndsPhrase(char c) => c is ',' or '.' or ';' or ':' or '!' or '?' or ')';

    /// <summary>Horizontal space only: a line break next to a mention is the user's layout.</summary>
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\u00A0';

    private static string TrimEnds(string text)
    {
        string trimmed = text.Trim();
        while (true)
        {
            if (trimmed.StartsWith(NbspEntity, StringComparison.Ordinal))
            {
                trimmed = trimmed[NbspEntity.Length..].TrimStart();
            }
            else if (trimmed.EndsWith(NbspEntity, StringComparison.Ordinal))
            {
                trimmed = trimmed[..^NbspEntity.Length].TrimEnd();
            }
            else
            {
                return trimmed;
            }
        }
    }

    private readonly record struct Tag(int Start, int NameStart, int NameEnd, int End);

    /// <summary>How the bot's own mentions look in this activity.</summary>
    private sealed class BotMentions
    {
        private readonly HashSet<string> _tags = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _otherTags = new(StringComparer.OrdinalIgnoreCase);
        private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

        public static BotMentions Of(IMessageActivity activity)
        {
            var mentions = new BotMentions();
            string? botId = activity.Recipient?.Id;
            mentions.AddName(activity.Recipient?.Name);
            foreach (var entity in activity.Entities ?? [])
            {
                if (entity is not { Properties: { } properties }
                    || !string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                // Read leniently: one malformed entity must not cost the message.
                string? id = StringAt(properties["mentioned"] as JObject, "id");
                string? tag = StringAt(properties, "text");
                bool isBot = !string.IsNullOrEmpty(botId) && string.Equals(id, botId, StringComparison.OrdinalIgnoreCase);
                if (!isBot)
                {
                    if (!string.IsNullOrEmpty(tag))
                    {
                        mentions._otherTags.Add(tag);
                    }

                    continue;
                }

                mentions.AddName(StringAt(properties["mentioned"] as JObject, "name"));
                if (!string.IsNullOrEmpty(tag))
                {
                    mentions._tags.Add(tag);
                    if (NextTag(tag, 0) is { } parsed)
                    {
                        mentions.AddName(tag[parsed.NameStart..parsed.NameEnd]);
                    }
                }
            }

            return mentions;
        }

        /// <summary>
        /// The tag exactly as an entity of the bot gives it; else, unless it is exactly another person's, a name the
        /// bot goes by (the entity's text can differ from the message's in encoding or attributes).
        /// </summary>
        public bool Matches(string tag, string name) =>
            _tags.Contains(tag) || (!_otherTags.Contains(tag) && _names.Contains(NameKey(name)));

        private void AddName(string? name)
        {
            if (!string.IsNullOrWhiteSpace(name))
            {
                _names.Add(NameKey(name));
            }
        }

        private static string? StringAt(JObject? json, string key) =>
            json?[key] is JValue { Type: JTokenType.String } value ? (string?)value.Value : null;
    }
}
