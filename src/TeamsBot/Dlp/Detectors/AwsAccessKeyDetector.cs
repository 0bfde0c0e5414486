using System.Buffers;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// AWS access key ids: AKIA (long-term), ASIA (temporary), ABIA and ACCA followed by 16 upper-case letters or
/// digits, also when split by spaces or a line break ("AKIA ABCD EFGH IJKL MNOP"). A split id must be written
/// in groups of four or mix letters and digits, as generated ids do, so that "ASIA PACIFIC …" in capitals is not one.
/// </summary>
internal sealed class AwsAccessKeyDetector : IDlpDetector
{
    private const int PrefixLength = 4;
    private const int GroupLength = 4;
    private const int BodyLength = 16;

    private static readonly SearchValues<string> Prefixes =
        SearchValues.Create(["AKIA", "ASIA", "ABIA", "ACCA"], StringComparison.Ordinal);

    private static readonly SearchValues<char> BodyChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");

    public string Id => "aws_access_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "AWS_KEY";

    public string Noun => "AWS access key ID";

    public string NounPlural => "AWS access key IDs";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        var text = normalisedText.AsSpan();
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(Prefixes);
            if (offset < 0)
            {
                return;
            }

            int start = position + offset;
            position = start + 1;
            if (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]))
            {
                continue;
            }

            int bodyStart = start + PrefixLength;
            int end = SplitToken.Read(text, bodyStart, BodyLength, BodyLength, 2, BodyChars, out int gaps);
            if (end < 0 || (end < text.Length && char.IsAsciiLetterLower(text[end])))
            {
                continue;
            }

            if (gaps > 0 && !LooksGenerated(text[bodyStart..end]))
            {
                continue;
            }

            findings.Add(new DlpFinding(Id, start, end - start));
            position = end;
        }
    }

    private static bool LooksGenerated(ReadOnlySpan<char> splitBody)
    {
        if (splitBody.IndexOfAnyInRange('0', '9') >= 0 && splitBody.IndexOfAnyInRange('A', 'Z') >= 0)
        {
            return true;
        }

        foreach (var range in splitBody.SplitAny(" \t\r\n"))
        {
            int length = range.End.Value - range.Start.Value;
            if (length != 0 && length != GroupLength)
            {
                return false;
            }
        }

        return true;
    }
}
