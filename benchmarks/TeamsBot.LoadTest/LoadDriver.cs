using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace TeamsBot.LoadTest;

/// <summary>
/// Closed loop: each conversation posts its next message only after the answer to the previous one reached the
/// connector. Measures the POST's acknowledgement, the first sign of life and the final answer per message.
/// </summary>
internal sealed class LoadDriver(HttpClient http, ConnectorDouble connector, TimeSpan answerTimeout)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>
    /// Runs <paramref name="conversations"/> conversations of <paramref name="messages"/> messages against the bot's
    /// endpoints (conversation i goes to endpoint i mod count). Before the measured messages every conversation sends
    /// <paramref name="warmupMessages"/> warm-up messages (sequences 0, 1, …, answered and counted in the ledger but
    /// not timed).
    /// </summary>
    public async Task<RunResult> RunAsync(
        string bot,
        IReadOnlyList<BotProcessHost> processes,
        int conversations,
        int messages,
        int messageLength,
        int warmupMessages = 1)
    {
        string run = Guid.NewGuid().ToString("N")[..8];
        var ledger = new AnswerLedger();
        var probes = Enumerable.Range(0, conversations)
            .Select(i => new ConversationProbe(LoadActivities.ConversationId(run, i), ledger)).ToArray();
        foreach (var probe in probes)
        {
            connector.Watch(probe);
        }

        var acks = new ConcurrentBag<double>();
        var firstSigns = new ConcurrentBag<double>();
        var endToEnd = new ConcurrentBag<double>();
        int failedPosts = 0;
        long idleRss = processes.Max(p => p.RssBytes);
        try
        {
            await Task.WhenAll(probes.Select(async (probe, i) =>
            {
                for (int sequence = 0; sequence < warmupMessages; sequence++)
                {
                    await SendAsync(processes[i % processes.Count], probe, i, sequence, messageLength, null, null, null,
                        () => Interlocked.Increment(ref failedPosts));
                }
            }));

            var cpuBefore = processes.Sum(p => p.CpuTime.TotalMilliseconds);
            var machineBefore = MachineFacts.CpuJiffies();
            var callsBefore = connector.CallCounts();
            long started = Stopwatch.GetTimestamp();
            await Task.WhenAll(probes.Select(async (probe, i) =>
            {
                for (int sequence = warmupMessages; sequence < warmupMessages + messages; sequence++)
                {
                    await SendAsync(processes[i % processes.Count], probe, i, sequence, messageLength, acks, firstSigns,
                        endToEnd, () => Interlocked.Increment(ref failedPosts));
                }
            }));
            double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var cpuAfter = processes.Sum(p => p.CpuTime.TotalMilliseconds);
            var machineAfter = MachineFacts.CpuJiffies();
            var callsAfter = connector.CallCounts();
            long machineTotal = machineAfter.Total - machineBefore.Total;

            // Late duplicates (a re-sent answer) would arrive after the loop: give them a moment to show.
            await Task.Delay(TimeSpan.FromSeconds(2));
            return new RunResult
            {
                Bot = bot,
                Conversations = conversations,
                MessagesPerConversation = messages,
                Answered = endToEnd.Count,
                Seconds = seconds,
                AckMilliseconds = [.. acks],
                FirstSignMilliseconds = [.. firstSigns],
                EndToEndMilliseconds = [.. endToEnd],
                CpuMilliseconds = cpuAfter - cpuBefore,
                MachineBusy = machineTotal > 0 ? (double)(machineAfter.Busy - machineBefore.Busy) / machineTotal : double.NaN,
                ConnectorCalls = callsAfter.All - callsBefore.All,
                TypingIndicators = callsAfter.Typing - callsBefore.Typing,
                OverTeamsLimits = callsAfter.OverLimits - callsBefore.OverLimits,
                PeakRssBytes = processes.Max(p => p.PeakRssBytes),
                IdleRssBytes = idleRss,
                Ledger = ledger.Summarise(),
                FailedPosts = failedPosts,
            };
        }
        finally
        {
            foreach (var probe in probes)
            {
                connector.Forget(probe.ConversationId);
            }
        }
    }

    /// <summary>Posts one message and waits for its answer; the bags are null for untimed messages.</summary>
    public async Task<bool> SendAsync(
        BotProcessHost bot,
        ConversationProbe probe,
        int user,
        int sequence,
        int messageLength,
        ConcurrentBag<double>? acks,
        ConcurrentBag<double>? firstSigns,
        ConcurrentBag<double>? endToEnd,
        Action onFailedPost)
    {
        string body = LoadActivities.PersonalMessage(connector.ServiceUrl, probe.ConversationId, user,
            AnswerLedger.MessageText(sequence, messageLength)).ToJsonString();
        var answered = probe.Begin(sequence);
        long sent = Stopwatch.GetTimestamp();
        try
        {
            using var content = new StringContent(body, Encoding.UTF8);
            content.Headers.ContentType = Json;
            using var response = await http.PostAsync(bot.MessagesEndpoint, content);
            acks?.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            if (!response.IsSuccessStatusCode)
            {
                onFailedPost();
            }
        }
        catch (HttpRequestException)
        {
            onFailedPost();
        }
        catch (TaskCanceledException)
        {
            onFailedPost();
        }

        long answeredAt;
        try
        {
            answeredAt = await answered.WaitAsync(answerTimeout);
        }
        catch (TimeoutException)
        {
            return false; // Lost: the ledger counts it.
        }

        long firstSign = probe.FirstSignAt;
        firstSigns?.Add(ConversationProbe.Milliseconds(sent, firstSign == 0 ? answeredAt : firstSign));
        endToEnd?.Add(ConversationProbe.Milliseconds(sent, answeredAt));
        return true;
    }
}
