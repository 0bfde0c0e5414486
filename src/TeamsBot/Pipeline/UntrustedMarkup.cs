using System.Text;

namespace TeamsBot.Pipeline;

/// <summary>
/// Escapes text quoted into the prompt inside a tag (colleagues' messages, document passages), so that it cannot close
/// the tag or open one of its own: what it says stays data, whatever it contains.
/// </summary>
internal static class UntrustedMarkup
{
    public static string Escape(string text, bool attribute)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '"' when attribute => escaped.Append("&quot;"),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }
}
