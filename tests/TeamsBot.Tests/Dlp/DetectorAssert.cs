using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

internal static class DetectorAssert
{
    /// <summary>The values (substrings of the text) the detector reports, in order.</summary>
    public static List<string> Values(IDlpDetector detector, string text)
    {
        var findings = new List<DlpFinding>();
        detector.Find(text, findings);
        Assert.All(findings, f => Assert.Equal(detector.Id, f.DetectorId));
        return findings.OrderBy(f => f.Start).Select(f => text.Substring(f.Start, f.Length)).ToList();
    }

    public static void Finds(IDlpDetector detector, string text, params string[] expected) =>
        Assert.Equal(expected, Values(detector, text));

    public static void FindsNothing(IDlpDetector detector, string text) => Assert.Empty(Values(detector, text));
}
