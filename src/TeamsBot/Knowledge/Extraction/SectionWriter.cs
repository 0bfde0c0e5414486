using System.Text;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// Collects a document's text as sections while keeping the character budget: passing it refuses the file rather
/// than keeping part of it without saying so.
/// </summary>
internal sealed class SectionWriter(int maxChars, CancellationToken cancellationToken)
{
    private readonly List<TextSection> _sections = [];
    private readonly StringBuilder _text = new();
    private string? _heading;
    private int? _page;
    private long _total;

    public IReadOnlyList<TextSection> Sections
    {
        get
        {
            Flush();
            return _sections;
        }
    }

    /// <summary>Starts a section under a new heading (on the current page).</summary>
    public void Heading(string? heading)
    {
        Flush();
        string? clean = Normalise(heading);
        _heading = clean.Length == 0 ? null : clean;
        Count(_heading?.Length ?? 0);
    }

    /// <summary>Starts a new page (or slide, or sheet); the heading carries on until the next one.</summary>
    public void Page(int page, string? heading = null)
    {
        Flush();
        _page = page;
        if (heading is not null)
        {
            Heading(heading);
        }
    }

    /// <summary>Adds a paragraph (a line break is kept between paragraphs).</summary>
    public void Paragraph(string? text)
    {
        string clean = Normalise(text);
        if (clean.Length == 0)
        {
            return;
        }

        Count(clean.Length + 1);
        if (_text.Length > 0)
        {
            _text.Append('\n');
        }

        _text.Append(clean);
    }

    private void Count(int chars)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _total += chars;
        if (_total > maxChars)
        {
            throw new FileRefusedException(FileRefusal.OverLimits);
        }
    }

    private void Flush()
    {
        if (_text.Length > 0)
        {
            _sections.Add(new TextSection(_heading, _page, _text.ToString()));
            _text.Clear();
        }
    }

    /// <summary>Control characters (but line breaks and tabs) go; runs of spaces become one; lines are trimmed.</summary>
    private static string Normalise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var clean = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.ReplaceLineEndings("\n"))
        {
            if (c == '\n')
            {
                while (clean.Length > 0 && clean[^1] == ' ')
                {
                    clean.Length--;
                }

                clean.Append('\n');
                space = true;
            }
            else if (c == ' ' || c == '\t' || c == '\u00a0')
            {
                if (!space)
                {
                    clean.Append(' ');
                }

                space = true;
            }
            else if (!char.IsControl(c))
            {
                clean.Append(c);
                space = false;
            }
        }

        return clean.ToString().Trim();
    }
}
