namespace TeamsBot.Connector;

/// <summary>
/// Writes a conversation's send times (Unix milliseconds, <see cref="ConversationSendPacer.SendTimesOf"/>) compactly
/// for the database: a version byte, the first time, then each gap to the next, all as variable-length integers. A
/// busy conversation's hour of sends (up to 1,800) takes about 4 KB instead of 14. Version 2 says first which stored
/// message the last typing indicator at receipt was for, and when it was sent (<see cref="ReceiptIndicator"/>), so
/// that the instance answering that message does not show a second one.
/// </summary>
internal static class SendLogCodec
{
    private const byte TimesOnly = 1;
    private const byte WithReceiptIndicator = 2;

    /// <summary>Null for no sends, so that a quiet conversation stores nothing.</summary>
    public static byte[]? Encode(IReadOnlyList<long> sendTimes, ReceiptIndicator? indicator = null)
    {
        ArgumentNullException.ThrowIfNull(sendTimes);
        if (sendTimes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream(1 + (sendTimes.Count * 3) + 24);
        using (var writer = new BinaryWriter(buffer))
        {
            if (indicator is { } shown)
            {
                writer.Write(WithReceiptIndicator);
                WriteSigned(writer, shown.TurnId);
                WriteSigned(writer, shown.SentAt);
            }
            else
            {
                writer.Write(TimesOnly);
            }

            long previous = 0;
            foreach (long time in sendTimes)
            {
                // Zigzag: the gaps are not negative unless a wall clock stepped back, and then they stay short.
                WriteSigned(writer, time - previous);
                previous = time;
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The send times, or none for null, an unknown version or damaged bytes: pacing then starts from this instance's
    /// own sends, and Teams' 429 with its retry covers the rest.
    /// </summary>
    public static long[] Decode(byte[]? log) => DecodeWithIndicator(log).Times;

    /// <summary>
    /// The send times as <see cref="Decode"/> reads them, and the typing indicator at receipt the log was last written
    /// for: null when none, or unreadable.
    /// </summary>
    public static (long[] Times, ReceiptIndicator? Indicator) DecodeWithIndicator(byte[]? log)
    {
        if (log is null || log.Length < 2 || log[0] is not (TimesOnly or WithReceiptIndicator))
        {
            return ([], null);
        }

        using var reader = new BinaryReader(new MemoryStream(log, 1, log.Length - 1, writable: false));
        var times = new List<long>();
        try
        {
            ReceiptIndicator? indicator = log[0] == WithReceiptIndicator
                ? new ReceiptIndicator(ReadSigned(reader), ReadSigned(reader))
                : null;
            long previous = 0;
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                previous += ReadSigned(reader);
                times.Add(previous);
            }

            return times.Count == 0 ? ([], null) : ([.. times], indicator);
        }
        catch (Exception exception) when (exception is EndOfStreamException or FormatException)
        {
            return ([], null);
        }
    }

    private static void WriteSigned(BinaryWriter writer, long value) => writer.Write7BitEncodedInt64((value << 1) ^ (value >> 63));

    private static long ReadSigned(BinaryReader reader)
    {
        long zigzag = reader.Read7BitEncodedInt64();
        return (long)((ulong)zigzag >> 1) ^ -(zigzag & 1);
    }
}
