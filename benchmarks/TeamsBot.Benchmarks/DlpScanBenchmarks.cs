using System.Buffers;
using BenchmarkDotNet.Attributes;
using TeamsBot.Dlp;

namespace TeamsBot.Benchmarks;

/// <summary>
/// Full DLP scan of a 100 KiB chat message with every built-in detector, against a baseline of one vectorised
/// pass over the same text, so the ratio says how many "memory passes" the scan costs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DlpScanBenchmarks
{
    public const int MessageChars = 100 * 1024;

    // Characters that never occur in the message: the baseline always scans to the end.
    private static readonly SearchValues<char> NeverPresent = SearchValues.Create("\u0001\u0002\u0003\u0004");

    private readonly DlpScanner _scanner = new();
    private readonly DlpOptions _options = new();
    private readonly DlpOptions _auditOnly = new() { Mode = DlpMode.AuditOnly };
    private readonly DlpPlaceholderMap _placeholders = new();
    private string _message = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _message = MessageCorpus.Build(MessageChars);
        var result = _scanner.Scan(_message, _options, _placeholders);
        if (result.Findings.Count < 8 || result.Detectors.Any(d => d.Failed))
        {
            throw new InvalidOperationException("The benchmark message should contain the sprinkled findings.");
        }
    }

    [Benchmark(Baseline = true)]
    public int IndexOfAnyPass() => _message.AsSpan().IndexOfAny(NeverPresent);

    /// <summary>The normalisation step alone (part of every scan).</summary>
    [Benchmark]
    public int NormaliseOnly() => TextNormaliser.Normalise(_message).Length;

    /// <summary>Detection and policy without building the redacted copy of the message.</summary>
    [Benchmark]
    public int ScanAuditOnly() => _scanner.Scan(_message, _auditOnly, _placeholders).Findings.Count;

    [Benchmark]
    public int ScanAllDetectors() => _scanner.Scan(_message, _options, _placeholders).Findings.Count;
}
