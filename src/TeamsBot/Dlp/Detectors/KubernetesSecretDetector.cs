using System.Text.RegularExpressions;

namespace TeamsBot.Dlp.Detectors;

/// <summary>
/// The values of a Kubernetes Secret manifest (kind: Secret), in YAML or JSON: every entry under data: (base64)
/// and stringData: (plain text). Keys, metadata and other kinds (ConfigMap) are left alone; only the values are
/// reported, so the redacted manifest stays readable.
/// </summary>
internal sealed partial class KubernetesSecretDetector : IDlpDetector
{
    public string Id => "kubernetes_secret";

    public DlpDetectorKind Kind => DlpDetectorKind.Secret;

    public string Label => "K8S_SECRET";

    public string Noun => "Kubernetes secret value";

    public string NounPlural => "Kubernetes secret values";

    public void Find(string normalisedText, List<DlpFinding> findings)
    {
        if (normalisedText.IndexOf("Secret", StringComparison.Ordinal) < 0 || !SecretKindRegex().IsMatch(normalisedText))
        {
            return;
        }

        FindYamlValues(normalisedText, findings);
        foreach (Match block in JsonDataRegex().Matches(normalisedText))
        {
            var body = block.Groups["body"];
            foreach (Match entry in JsonEntries(normalisedText, body.Index, body.Length))
            {
                AddValue(entry.Groups["v"], findings);
            }
        }
    }

    /// <summary>Lines indented under a "data:" or "stringData:" line, up to the first line that is not.</summary>
    private void FindYamlValues(string text, List<DlpFinding> findings)
    {
        foreach (Match header in YamlDataHeaderRegex().Matches(text))
        {
            int parentIndent = header.Groups["indent"].Length;
            int lineStart = header.Index + header.Length;
            while (lineStart < text.Length)
            {
                int lineEnd = text.IndexOf('\n', lineStart);
                if (lineEnd < 0)
                {
                    lineEnd = text.Length;
                }

                var entry = YamlEntryRegex().Match(text, lineStart, lineEnd - lineStart);
                if (!entry.Success || entry.Index != lineStart || entry.Groups["indent"].Length <= parentIndent)
                {
                    if (text.AsSpan(lineStart, lineEnd - lineStart).Trim().IsEmpty && lineEnd < text.Length)
                    {
                        lineStart = lineEnd + 1;
                        continue;
                    }

                    break;
                }

                AddValue(entry.Groups["v"], findings);
                lineStart = lineEnd + 1;
            }
        }
    }

    private static IEnumerable<Match> JsonEntries(string text, int start, int length)
    {
        for (var entry = JsonEntryRegex().Match(text, start, length); entry.Success; entry = entry.NextMatch())
        {
            yield return entry;
        }
    }

    private void AddValue(Group value, List<DlpFinding> findings)
    {
        var span = value.ValueSpan.TrimEnd();
        if (!span.IsEmpty && !DetectorText.IsPlaceholderValue(span))
        {
            findings.Add(new DlpFinding(Id, value.Index, span.Length));
        }
    }

    [GeneratedRegex(@"(?:^|[\s{,])""?kind""?\s*:\s*""?Secret\b", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex SecretKindRegex();

    [GeneratedRegex(@"^(?<indent>[ \t]*)(?:data|stringData):[ \t]*\r?\n", RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex YamlDataHeaderRegex();

    [GeneratedRegex(@"\G(?<indent>[ \t]+)[""']?[A-Za-z0-9._-]+[""']?:[ \t]*[""']?(?<v>[^""'\r\n]+)", RegexOptions.CultureInvariant)]
    private static partial Regex YamlEntryRegex();

    [GeneratedRegex(@"""(?:data|stringData)""\s*:\s*\{(?<body>[^{}]*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex JsonDataRegex();

    [GeneratedRegex(@"""[A-Za-z0-9._-]+""\s*:\s*""(?<v>[^""\r\n]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex JsonEntryRegex();
}
