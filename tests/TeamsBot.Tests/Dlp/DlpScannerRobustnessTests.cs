using System.Text;
using TeamsBot.Dlp;

namespace TeamsBot.Tests.Dlp;

public sealed class DlpScannerRobustnessTests
{
    // Fragments that sit on the edges of the detectors' patterns; random mixes of them find crashes and
    // inconsistent spans that hand-written vectors miss.
    private static readonly string[] Fragments =
    [
        "eyJ", ".", "=", "==", "@", ":", "::", "-", "_", "+", "/", "%", "(", ")", " ", "\n", "'", "\"", ";",
        "0", "1", "4", "9", "00", "12", "255", "4012", "8888", "a", "Z", "f", "x", "com", "example",
        "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----", "AKIA", "ASIA", "ghp_", "github_pat_",
        "xoxb-", "glpat-", "Password=", "pwd=", "https://", "user:", "AccountKey=", "DefaultEndpointsProtocol=https;",
        "key: ", "secret=", "Bearer ", "aws_secret_access_key=", "DE89", "GB82 ", "WEST", "+44 ", "\u200B", "\u202E",
        "４", "＠", "\U0001D7D2", "\uD800", "é",
    ];

    [Fact]
    public void Scan_RandomFragmentMixes_NeverFailsAndSpansAreConsistent()
    {
        var scanner = new DlpScanner();
        var options = new DlpOptions();
        var random = new Random(20240601);
        var builder = new StringBuilder();

        for (int run = 0; run < 3000; run++)
        {
            builder.Clear();
            int pieces = random.Next(0, 80);
            for (int p = 0; p < pieces; p++)
            {
                builder.Append(Fragments[random.Next(Fragments.Length)]);
            }

            var text = builder.ToString();
            var result = scanner.Scan(text, options, new DlpPlaceholderMap());
            var normalised = TextNormaliser.Normalise(text);

            Assert.DoesNotContain(result.Detectors, d => d.Failed);
            int previousEnd = 0;
            foreach (var finding in result.Findings)
            {
                Assert.True(finding.Start >= previousEnd && finding.Length > 0 && finding.End <= normalised.Length, text);
                previousEnd = finding.End;
            }
        }
    }

    [Fact]
    public void Scan_LargeAdversarialInputs_Complete()
    {
        // Long runs that make naive patterns backtrack; the test only has to finish (no timing assertion).
        var scanner = new DlpScanner();
        string[] inputs =
        [
            new string('a', 100_000) + "@",
            string.Concat(Enumerable.Repeat("a@", 50_000)),
            new string('1', 100_000),
            string.Concat(Enumerable.Repeat("1 ", 50_000)),
            string.Concat(Enumerable.Repeat("1.", 50_000)),
            string.Concat(Enumerable.Repeat("a:", 50_000)),
            new string('=', 100_000),
            string.Concat(Enumerable.Repeat("key=", 25_000)),
            string.Concat(Enumerable.Repeat("-----BEGIN RSA PRIVATE KEY-----", 3_000)),
            "DefaultEndpointsProtocol=https;" + string.Concat(Enumerable.Repeat("a=b;", 20_000)),
            string.Concat(Enumerable.Repeat("eyJ", 30_000)),
        ];

        foreach (var input in inputs)
        {
            var result = scanner.Scan(input, new DlpOptions(), new DlpPlaceholderMap());
            Assert.DoesNotContain(result.Detectors, d => d.Failed);
        }
    }
}
