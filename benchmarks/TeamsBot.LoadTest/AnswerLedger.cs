using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace TeamsBot.LoadTest;

/// <summary>
/// Which message each final answer echoes, per conversation: every message sent must be answered exactly once.
/// Messages carry "benchmark message N ends"; the model double and the echo bots repeat it in the answer.
/// </summary>
internal sealed partial class AnswerLedger
{
    private readonly ConcurrentDictionary<(string Conversation, int Sequence), int> _answers = new();
    private int _unexpected;

    /// <summary>The text of message <paramref name="sequence"/>, padded with plain words to about <paramref name="length"/> characters.</summary>
    public static string MessageText(int sequence, int length = 0)
    {
        string head = FormattableString.Invariant($"benchmark message {sequence} ends here.");
        if (length <= head.Length)
        {
            return head;
        }

        // Plain prose: anything that looks like a secret or personal data would be redacted by DLP.
        const string filler = " The quarterly planning notes list the rooms, the agenda and who brings coffee.";
        var text = new System.Text.StringBuilder(head, length + filler.Length);
        while (text.Length < length)
        {
            text.Append(filler);
        }

        return text.ToString(0, length);
    }

    /// <summary>The message an activity's JSON answers, or null when it carries none.</summary>
    public static int? AnsweredSequence(string activityJson)
    {
        var match = MessagePattern().Match(activityJson);
        return match.Success ? int.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    public void Expect(string conversation, int sequence) => _answers.TryAdd((conversation, sequence), 0);

    public void RecordAnswer(string conversation, int sequence)
    {
        var key = (conversation, sequence);
        while (true)
        {
            if (!_answers.TryGetValue(key, out int count))
            {
                // An answer to a message that was never sent: counted apart, never as an expected message.
                Interlocked.Increment(ref _unexpected);
                return;
            }

            if (_answers.TryUpdate(key, count + 1, count))
            {
                return;
            }
        }
    }

    public LedgerSummary Summarise()
    {
        var counts = _answers.Values.ToArray();
        return new LedgerSummary(
            Expected: counts.Length,
            Lost: counts.Count(c => c == 0),
            Duplicated: counts.Count(c => c > 1),
            Unexpected: Volatile.Read(ref _unexpected));
    }

    [GeneratedRegex(@"benchmark message (\d+) ends", RegexOptions.CultureInvariant)]
    private static partial Regex MessagePattern();
}
