using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>AWS access key ids: AKIA (long-term) or ASIA (temporary) followed by 16 upper-case letters or digits.</summary>
internal sealed partial class AwsAccessKeyDetector : IDlpDetector
{
    public string Id => "aws_access_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "AWS_KEY";

    public string Noun => "AWS access key ID";

    public string NounPlural => "AWS access key IDs";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (var match in KeyIdRegex().EnumerateMatches(normalisedText))
        {
            findings.Add(new DlpFinding(Id, match.Index, match.Length));
        }
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])A(?:KIA|SIA)[A-Z0-9]{16}(?![A-Za-z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex KeyIdRegex();
}
