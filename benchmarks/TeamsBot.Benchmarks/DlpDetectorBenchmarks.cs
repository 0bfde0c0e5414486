using BenchmarkDotNet.Attributes;
using TeamsBot.Dlp;
using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Benchmarks;

/// <summary>Cost of each built-in detector and of normalisation on the same 100 KiB message, to find hot spots.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class DlpDetectorBenchmarks
{
    private readonly List<DlpFinding> _findings = [];
    private string _message = string.Empty;
    private IDlpDetector _detector = null!;

    public static IEnumerable<string> DetectorIds => BuiltInDetectors.All.Select(d => d.Id);

    [ParamsSource(nameof(DetectorIds))]
    public string DetectorId { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _message = TextNormaliser.Normalise(MessageCorpus.Build(DlpScanBenchmarks.MessageChars));
        _detector = BuiltInDetectors.ById[DetectorId];
    }

    [Benchmark]
    public int Find()
    {
        _findings.Clear();
        _detector.Find(_message, _findings);
        return _findings.Count;
    }
}
