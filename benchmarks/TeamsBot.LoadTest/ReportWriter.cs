using System.Globalization;
using System.Text;

namespace TeamsBot.LoadTest;

/// <summary>Renders a <see cref="LoadReport"/> as Markdown and writes it into its own section of the document.</summary>
internal static class ReportWriter
{
    private const double MiB = 1024 * 1024;
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(LoadReport report, string commit)
    {
        ArgumentNullException.ThrowIfNull(report);
        var o = report.Options;
        var md = new StringBuilder();
        Line(md, $"### {o.Label}");
        Line(md);
        Line(md, $"Measured {report.StartedAt:yyyy-MM-dd HH:mm} UTC on commit `{commit}` with:");
        Line(md);
        Line(md, "```");
        Line(md, ("dotnet run -c Release --project benchmarks/TeamsBot.LoadTest -- " + o.CommandLine).TrimEnd());
        Line(md, "```");
        Line(md);
        Line(md, $"Machine: {Environment.ProcessorCount} cores ({MachineFacts.CpuModel()}), shared with other builds; load average "
            + $"(1/5/15 min) {report.LoadAverageAtStart} at the start, {report.LoadAverageAtEnd} at the end; .NET {Environment.Version}.");
        Line(md);

        if (report.EchoRounds.Count > 0 || report.TeamsBotRounds.Count > 0 || report.Bare is not null)
        {
            RenderThroughput(md, report);
        }

        var others = new[] { report.SlowModel, report.MemoryEcho, report.MemoryTeamsBot, report.PostgresOne, report.PostgresTwo }
            .OfType<RunResult>().ToArray();
        if (others.Length > 0)
        {
            Line(md, "**Other runs** (one run each; closed loop; the model answers at once unless said):");
            Line(md);
            Line(md, "| Run | Messages/s | Ack p50 / p99 ms | First sign p50 / p99 ms | End to end p50 / p99 ms | CPU ms per message | Peak RSS MiB (idle) | Over Teams' limits | Lost / duplicated |");
            Line(md, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var run in others)
            {
                Line(md, $"| {run.Bot}, {run.Conversations:N0} × {run.MessagesPerConversation} | {run.MessagesPerSecond:0.0} "
                    + $"| {P(run.AckMilliseconds, 50)} / {P(run.AckMilliseconds, 99)} | {P(run.FirstSignMilliseconds, 50)} / {P(run.FirstSignMilliseconds, 99)} "
                    + $"| {P(run.EndToEndMilliseconds, 50)} / {P(run.EndToEndMilliseconds, 99)} | {run.CpuMillisecondsPerMessage:0.00} "
                    + $"| {run.PeakRssBytes / MiB:0} ({run.IdleRssBytes / MiB:0}) | {run.OverTeamsLimits} | {run.Ledger.Lost} / {run.Ledger.Duplicated} |");
            }

            Line(md);
        }

        foreach (var scale in new[] { report.ScaleCoreEach, report.ScaleLatencyBound }.OfType<ScaleComparison>())
        {
            if (scale.One.Count > 0 && scale.Two.Count > 0)
            {
                RenderScale(md, scale);
            }
        }

        if (report.Growth.Count > 0)
        {
            Line(md, $"**One conversation growing to {o.GrowthTurns} turns of {o.GrowthMessageLength:N0} characters** (TeamsBot, "
                + "SQLite, after one untimed turn; allocations read in the bot's process by a startup hook; per-turn averages over each stretch):");
            Line(md);
            Line(md, "| Turns | End to end ms | CPU ms per turn | KB allocated per turn | RSS MiB after | Managed heap MiB after |");
            Line(md, "|---|---:|---:|---:|---:|---:|");
            foreach (var w in report.Growth)
            {
                Line(md, $"| {w.FirstTurn}–{w.LastTurn} | {w.EndToEndMilliseconds:0} | {w.CpuMillisecondsPerTurn:0.0} "
                    + $"| {w.AllocatedKilobytesPerTurn:N0} | {w.RssBytesAtEnd / MiB:0} | {w.ManagedHeapBytesAtEnd / MiB:0} |");
            }

            Line(md);
        }

        RenderTargets(md, report);
        return md.ToString();
    }

    /// <summary>
    /// Replaces the section between <c>&lt;!-- load-test:slug --&gt;</c> markers, or appends it, so a later run with
    /// the same label updates its table and other labels stay.
    /// </summary>
    public static string UpdateSection(string document, string label, string section)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(label);
        string slug = new string(label.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        string begin = $"<!-- load-test:{slug} -->";
        string end = $"<!-- /load-test:{slug} -->";
        string block = begin + "\n" + section.TrimEnd() + "\n" + end;
        int start = document.IndexOf(begin, StringComparison.Ordinal);
        int stop = start < 0 ? -1 : document.IndexOf(end, start, StringComparison.Ordinal);
        if (start >= 0 && stop >= 0)
        {
            return document[..start] + block + document[(stop + end.Length)..];
        }

        return document.TrimEnd() + "\n\n" + block + "\n";
    }

    private static void RenderThroughput(StringBuilder md, LoadReport report)
    {
        var o = report.Options;
        var echo = report.EchoRounds;
        var teams = report.TeamsBotRounds;
        Line(md, $"**{o.Conversations} concurrent 1:1 conversations**, closed loop (each sends its next message when the answer to the "
            + $"previous one reached the connector), {o.Messages} timed messages each after one warm-up message; "
            + $"{o.Rounds} round(s), EchoBot and TeamsBot alternately (ABBA), a fresh process (and for TeamsBot a fresh SQLite file) per round. "
            + "Medians of the rounds, min–max over the rounds in brackets; the bare Kestrel floor ran once.");
        Line(md);
        Line(md, "| | Bare Kestrel | EchoBot | TeamsBot | TeamsBot / EchoBot |");
        Line(md, "|---|---:|---:|---:|---:|");
        Row(md, "Messages/s", report.Bare, echo, teams, r => r.MessagesPerSecond, "0.0");
        Row(md, "Ack p50 ms", report.Bare, echo, teams, r => Percentiles.Of(r.AckMilliseconds, 50), "0.0");
        Row(md, "Ack p99 ms", report.Bare, echo, teams, r => Percentiles.Of(r.AckMilliseconds, 99), "0.0");
        Row(md, "First sign of life p50 ms", report.Bare, echo, teams, r => Percentiles.Of(r.FirstSignMilliseconds, 50), "0.0");
        Row(md, "First sign of life p99 ms", report.Bare, echo, teams, r => Percentiles.Of(r.FirstSignMilliseconds, 99), "0.0");
        Row(md, "End to end p50 ms", report.Bare, echo, teams, r => Percentiles.Of(r.EndToEndMilliseconds, 50), "0.0");
        Row(md, "End to end p99 ms", report.Bare, echo, teams, r => Percentiles.Of(r.EndToEndMilliseconds, 99), "0.0");
        Row(md, "CPU ms per message", report.Bare, echo, teams, r => r.CpuMillisecondsPerMessage, "0.00");
        Row(md, "Peak RSS MiB", report.Bare, echo, teams, r => r.PeakRssBytes / MiB, "0");
        Row(md, "Idle RSS MiB", report.Bare, echo, teams, r => r.IdleRssBytes / MiB, "0");
        string Ledger(IEnumerable<RunResult> runs) =>
            Format($"{runs.Sum(r => r.Ledger.Lost)} / {runs.Sum(r => r.Ledger.Duplicated)}");
        Line(md, $"| {OverLimitsRow} | {(report.Bare is null ? "–" : OverLimits([report.Bare]))} | {OverLimits(echo)} | {OverLimits(teams)} | |");
        Line(md, $"| Lost / duplicated answers | {(report.Bare is null ? "–" : Ledger([report.Bare]))} | {Ledger(echo)} | {Ledger(teams)} | |");
        Line(md);
        if (echo.Count > 0 && teams.Count > 0)
        {
            var ratios = echo.Zip(teams, (e, t) => t.MessagesPerSecond / e.MessagesPerSecond).ToArray();
            Line(md, "Noise: messages/s per round, EchoBot " + string.Join(", ", echo.Select(r => Format($"{r.MessagesPerSecond:0.0}")))
                + "; TeamsBot " + string.Join(", ", teams.Select(r => Format($"{r.MessagesPerSecond:0.0}")))
                + "; TeamsBot / EchoBot per round " + string.Join(", ", ratios.Select(r => Format($"{r:0.00}"))) + ".");
            Line(md);
        }
    }

    private static void RenderScale(StringBuilder md, ScaleComparison scale)
    {
        var (one, two) = (scale.One, scale.Two);
        Line(md, $"**One instance against two** (PostgreSQL, {one[0].Conversations} conversations × {one[0].MessagesPerConversation} "
            + $"messages, closed loop, conversations spread over the instances in turn; {scale.Setting}; {one.Count} round(s) "
            + "alternately, medians, min–max in brackets):");
        Line(md);
        Line(md, "| | 1 instance | 2 instances | 2 / 1 |");
        Line(md, "|---|---:|---:|---:|");
        ComparisonRow(md, "Messages/s", one, two, r => r.MessagesPerSecond, "0.0");
        ComparisonRow(md, "Ack p99 ms", one, two, r => Percentiles.Of(r.AckMilliseconds, 99), "0.0");
        ComparisonRow(md, "First sign of life p50 ms", one, two, r => Percentiles.Of(r.FirstSignMilliseconds, 50), "0.0");
        ComparisonRow(md, "End to end p50 ms", one, two, r => Percentiles.Of(r.EndToEndMilliseconds, 50), "0.0");
        ComparisonRow(md, "CPU ms per message (all instances)", one, two, r => r.CpuMillisecondsPerMessage, "0.00");
        ComparisonRow(md, "Machine busy %", one, two, r => r.MachineBusy * 100, "0");
        ComparisonRow(md, "Bot Connector calls per message", one, two, r => r.ConnectorCallsPerMessage, "0.00");
        ComparisonRow(md, "Typing indicators per message", one, two, r => r.TypingIndicatorsPerMessage, "0.00");
        Line(md, $"| {OverLimitsRow} | {OverLimits(one)} | {OverLimits(two)} | |");
        Line(md, Format($"| Lost / duplicated answers | {one.Sum(r => r.Ledger.Lost)} / {one.Sum(r => r.Ledger.Duplicated)} | {two.Sum(r => r.Ledger.Lost)} / {two.Sum(r => r.Ledger.Duplicated)} | |"));
        Line(md);
    }

    private static void RenderTargets(StringBuilder md, LoadReport report)
    {
        var targets = new List<(string Target, string Measured, bool? Met)>();
        if (report.EchoRounds.Count > 0 && report.TeamsBotRounds.Count > 0)
        {
            double ratio = RunResult.MedianRatio(report.TeamsBotRounds, report.EchoRounds, r => r.MessagesPerSecond);
            targets.Add(("TeamsBot ≥ 0.8 × EchoBot messages/s", Format($"{ratio:0.00} ×"), ratio >= 0.8));
            double ack = Percentiles.Median(report.TeamsBotRounds.Select(r => Percentiles.Of(r.AckMilliseconds, 99)).ToArray());
            targets.Add(("Ack p99 < 100 ms", Format($"{ack:0} ms"), ack < 100));
            double first = Percentiles.Median(report.TeamsBotRounds.Select(r => Percentiles.Of(r.FirstSignMilliseconds, 50)).ToArray());
            targets.Add(("First sign of life p50 < 250 ms", Format($"{first:0} ms"), first < 250));
        }

        if (report.SlowModel is { } slow)
        {
            double ack = Percentiles.Of(slow.AckMilliseconds, 99);
            targets.Add(("Ack p99 < 100 ms with a slow model", Format($"{ack:0} ms"), ack < 100));
            double first = Percentiles.Of(slow.FirstSignMilliseconds, 50);
            targets.Add(("First sign of life p50 < 250 ms with a slow model", Format($"{first:0} ms"), first < 250));
        }

        if (report.MemoryTeamsBot is { } memory)
        {
            double mb = memory.PeakRssBytes / 1e6;
            targets.Add((Format($"Peak RSS ≤ 250 MB, {memory.Conversations:N0} conversations × {memory.MessagesPerConversation}"), Format($"{mb:0} MB ({memory.PeakRssBytes / MiB:0} MiB)"), mb <= 250));
        }

        if (report.PostgresOne is { } one)
        {
            double ack = Percentiles.Of(one.AckMilliseconds, 99);
            double first = Percentiles.Of(one.FirstSignMilliseconds, 50);
            targets.Add(("PostgreSQL: ack p99 < 100 ms, first sign p50 < 250 ms", Format($"{ack:0} ms, {first:0} ms"), ack < 100 && first < 250));
            if (report.EchoRounds.Count > 0)
            {
                double ratio = one.MessagesPerSecond / Percentiles.Median(report.EchoRounds.Select(r => r.MessagesPerSecond).ToArray());
                targets.Add(("PostgreSQL: ≥ 0.8 × EchoBot messages/s", Format($"{ratio:0.00} ×"), ratio >= 0.8));
            }

            if (report.PostgresTwo is { } two)
            {
                double scale = two.MessagesPerSecond / one.MessagesPerSecond;
                targets.Add(("Two instances scale (messages/s, 2 vs 1 instance, same 2 cores)", Format($"{scale:0.00} ×"), scale > 1));
            }
        }

        foreach (var (scale, setting) in new[] { (report.ScaleCoreEach, "a core each"), (report.ScaleLatencyBound, "bound by the model's latency") })
        {
            if (scale is { Ratio: var ratio } && !double.IsNaN(ratio))
            {
                targets.Add((Format($"Two instances scale, {setting} (messages/s, 2 vs 1 instance, ≥ 1.5 ×)"), Format($"{ratio:0.00} ×"), ratio >= 1.5));
            }
        }

        var runs = report.AllRuns.ToArray();
        if (runs.Length > 0)
        {
            int lost = runs.Sum(r => r.Ledger.Lost);
            int duplicated = runs.Sum(r => r.Ledger.Duplicated);
            targets.Add(("0 lost and 0 duplicated answers (all runs)", Format($"{lost} lost, {duplicated} duplicated"), lost == 0 && duplicated == 0));
        }

        if (report.Growth.Count >= 2)
        {
            var early = report.Growth[0];
            var late = report.Growth[^1];
            double cpu = late.CpuMillisecondsPerTurn / early.CpuMillisecondsPerTurn;
            double allocated = late.AllocatedKilobytesPerTurn / early.AllocatedKilobytesPerTurn;
            targets.Add(("Flat per turn as the conversation grows (last / first stretch)",
                Format($"CPU {cpu:0.00} ×, allocations {allocated:0.00} ×"), cpu <= 1.5 && allocated <= 1.5));
        }

        if (targets.Count == 0)
        {
            return;
        }

        Line(md, "**Targets**:");
        Line(md);
        Line(md, "| Target | Measured | Met |");
        Line(md, "|---|---:|:---:|");
        foreach (var (target, measured, met) in targets)
        {
            Line(md, $"| {target} | {measured} | {(met == true ? "yes" : "no")} |");
        }

        Line(md);
    }

    private const string OverLimitsRow = "Calls over Teams' per-conversation limits (all rounds)";

    /// <summary>The calls Teams would have refused, summed over the runs.</summary>
    private static string OverLimits(IEnumerable<RunResult> runs) => Format($"{runs.Sum(r => r.OverTeamsLimits)}");

    private static void Row(StringBuilder md, string name, RunResult? bare, List<RunResult> echo,
        List<RunResult> teams, Func<RunResult, double> metric, string format)
    {
        string bareCell = bare is null ? "–" : metric(bare).ToString(format, Invariant);
        Line(md, $"| {name} | {bareCell} | {Compared(echo, teams, metric, format)} |");
    }

    private static void ComparisonRow(StringBuilder md, string name, List<RunResult> before, List<RunResult> after,
        Func<RunResult, double> metric, string format) =>
        Line(md, $"| {name} | {Compared(before, after, metric, format)} |");

    /// <summary>The cells "before | after | after / before": medians of the runs, min–max when there are several.</summary>
    private static string Compared(List<RunResult> before, List<RunResult> after, Func<RunResult, double> metric, string format)
    {
        string Cell(IReadOnlyList<RunResult> runs)
        {
            if (runs.Count == 0)
            {
                return "–";
            }

            var values = runs.Select(metric).ToArray();
            string median = Percentiles.Median(values).ToString(format, Invariant);
            return runs.Count == 1
                ? median
                : $"{median} ({values.Min().ToString(format, Invariant)}–{values.Max().ToString(format, Invariant)})";
        }

        string ratio = before.Count > 0 && after.Count > 0
            ? RunResult.MedianRatio(after, before, metric).ToString("0.00", Invariant)
            : "–";
        return $"{Cell(before)} | {Cell(after)} | {ratio}";
    }

    private static string P(IReadOnlyList<double> values, double percent) => Percentiles.Of(values, percent).ToString("0", Invariant);

    private static string Format(FormattableString text) => text.ToString(Invariant);

    private static void Line(StringBuilder md, FormattableString text) => md.Append(text.ToString(Invariant)).Append('\n');

    private static void Line(StringBuilder md, string text) => md.Append(text).Append('\n');

    private static void Line(StringBuilder md) => md.Append('\n');
}
