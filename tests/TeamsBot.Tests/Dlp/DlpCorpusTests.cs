using System.Globalization;
using System.Text;
using System.Text.Json;
using TeamsBot.Dlp;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Dlp;

/// <summary>
/// Measures the built-in detectors on a corpus of what people really paste (Corpus/dlp-corpus.jsonl, built by
/// Corpus/generate.py from gitleaks' rules, Presidio's recognizer tests and vendors' key formats): fake secrets
/// and personal data in config, prose, URLs and evasive spellings, and look-alikes that must stay clean.
/// </summary>
/// <remarks>
/// A positive case counts as found when a redacted span is attributed to the expected detector. A case with no
/// expected detector is a false positive when anything is found. Recall and precision must be at least 0.95
/// overall and in every family; a family of look-alikes must stay clean in at least 95% of its cases.
/// </remarks>
public sealed class DlpCorpusTests(ITestOutputHelper output)
{
    private const double Threshold = 0.95;

    private static readonly Lazy<IReadOnlyList<CorpusCase>> Cases = new(Load);

    [Fact]
    public void Corpus_File_HoldsHundredsOfPositivesAndLookAlikes()
    {
        // A truncated or mis-copied file would make the measurement below meaningless.
        Assert.True(Cases.Value.Count(c => c.Expect is not null) >= 500, "expected at least 500 positive cases");
        Assert.True(Cases.Value.Count(c => c.Expect is null) >= 200, "expected at least 200 look-alike cases");
    }

    [Fact]
    public void Scan_Corpus_RecallAndPrecisionAtLeast95PercentInEveryFamily()
    {
        var scanner = new DlpScanner();
        var outcomes = Cases.Value.Select(c => Evaluate(scanner, c)).ToList();

        var failures = new List<string>();
        var report = new StringBuilder();
        Measure("overall", outcomes, failures, report);
        foreach (var family in outcomes.GroupBy(o => o.Case.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Measure(family.Key, family.ToList(), failures, report);
        }

        foreach (var miss in outcomes.Where(o => !o.Correct))
        {
            report.Append(CultureInfo.InvariantCulture,
                $"  {(miss.Case.Expect is null ? "false positive" : "miss")} [{miss.Case.Family}] expected {miss.Case.Expect ?? "none"}, found {miss.Found}: {Escape(miss.Case.Text)}\n");
        }

        output.WriteLine(report.ToString());
        Assert.True(failures.Count == 0, $"Below {Threshold}: {string.Join(", ", failures)}\n{report}");
    }

    [Fact]
    public void Scan_RedactedCorpus_FindsNothingMore()
    {
        // Placeholders such as [PASSWORD_1] must not look like values to any detector, or every later turn
        // that carries the redacted history would be re-flagged.
        var scanner = new DlpScanner();
        var options = new DlpOptions { Rules = BuiltInIds().ToDictionary(id => id, _ => DlpAction.Redact) };
        var refound = new List<string>();
        foreach (var c in Cases.Value.Where(c => c.Expect is not null))
        {
            var map = new DlpPlaceholderMap();
            var redacted = scanner.Scan(c.Text, options, map).Text;
            var again = scanner.Scan(redacted, options, map);
            if (again.Findings.Count > 0)
            {
                refound.Add($"{string.Join(",", again.Findings.Select(f => f.DetectorId))}: {Escape(redacted)}");
            }
        }

        Assert.True(refound.Count == 0, "Redacted text re-flagged:\n" + string.Join("\n", refound));
    }

    private static IEnumerable<string> BuiltInIds() => TeamsBot.Dlp.Detectors.BuiltInDetectors.Ids;

    private static Outcome Evaluate(DlpScanner scanner, CorpusCase c)
    {
        var result = scanner.Scan(c.Text, new DlpOptions { Mode = DlpMode.AuditOnly }, new DlpPlaceholderMap());
        var ids = result.Findings.Select(f => f.DetectorId).Distinct(StringComparer.Ordinal).ToList();
        bool correct = c.Expect is null ? ids.Count == 0 : ids.Contains(c.Expect, StringComparer.Ordinal);
        return new Outcome(c, correct, ids.Count == 0 ? "nothing" : string.Join(",", ids));
    }

    private static void Measure(string name, List<Outcome> outcomes, List<string> failures, StringBuilder report)
    {
        var positives = outcomes.Where(o => o.Case.Expect is not null).ToList();
        var negatives = outcomes.Where(o => o.Case.Expect is null).ToList();
        int truePositives = positives.Count(o => o.Correct);
        // A positive case attributed to another detector is a false positive as well as a miss.
        int falsePositives = negatives.Count(o => !o.Correct) + positives.Count(o => !o.Correct && o.Found != "nothing");

        double? recall = positives.Count == 0 ? null : (double)truePositives / positives.Count;
        double? precision = truePositives + falsePositives == 0 ? null : (double)truePositives / (truePositives + falsePositives);
        double? clean = negatives.Count == 0 ? null : (double)negatives.Count(o => o.Correct) / negatives.Count;

        report.Append(CultureInfo.InvariantCulture,
            $"{name}: {positives.Count} positives, {negatives.Count} look-alikes; recall {Format(recall)}, precision {Format(precision)}, look-alikes clean {Format(clean)}\n");
        if (recall < Threshold || (positives.Count > 0 && precision < Threshold) || clean < Threshold)
        {
            failures.Add(name);
        }
    }

    private static string Format(double? value) =>
        value is null ? "n/a" : value.Value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Escape(string text) => text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static List<CorpusCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Dlp", "Corpus", "dlp-corpus.jsonl");
        var cases = new List<CorpusCase>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0)
            {
                cases.Add(JsonSerializer.Deserialize<CorpusCase>(line, JsonOptions)
                    ?? throw new InvalidDataException("Empty corpus line."));
            }
        }

        return cases;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNameCaseInsensitive = true };

    private sealed record CorpusCase(string Text, string? Expect, string Family, string Source);

    private sealed record Outcome(CorpusCase Case, bool Correct, string Found);
}
