using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// AWS secret access keys: 40 base64 characters assigned to a name that contains "aws" and "secret"
/// (aws_secret_access_key = ..., AWS_SECRET_KEY: "...") or that is "secret access key" (the "SecretAccessKey"
/// of `aws sts` output). Without the name a 40-character string is too common.
/// Only the value is reported.
/// </summary>
internal sealed partial class AwsSecretKeyDetector : IDlpDetector
{
    public string Id => "aws_secret_key";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "AWS_KEY";

    public string Noun => "AWS secret key";

    public string NounPlural => "AWS secret keys";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        foreach (Match match in SecretRegex().Matches(normalisedText))
        {
            var value = match.Groups["v"];
            findings.Add(new DlpFinding(Id, value.Index, value.Length));
        }
    }

    [GeneratedRegex(
        @"(?:aws[A-Za-z0-9_. -]{0,20}?secret|secret[_. -]?access[_. -]?key)[A-Za-z0-9_. -]{0,20}?[""']?\s*(?:[:=]|=>)\s*[""']?(?<v>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretRegex();
}
