namespace TeamsBot.Connector;

/// <summary>
/// Writes a conversation's send times (Unix milliseconds, <see cref="ConversationSendPacer.SendTimesOf"/>) compactly
/// for the database: a version byte, the first time, then each gap to the next, all as variable-length integers. A
/// busy conversation's hour of sends (up to 1,800) takes about 4 KB instead of 14.
/// </summary>
internal static class SendLogCodec
{
    private const byte Version = 1;

    /// <summary>Null for no sends, so that a quiet conversation stores nothing.</summary>
    public static byte[]? Encode(IReadOnlyList<long> sendTimes)
    {
        ArgumentNullException.ThrowIfNull(sendTimes);
        if (sendTimes.Count == 0)
        {
            return null;
        }

        using var buffer = new MemoryStream(1 + (sendTimes.Count * 3) + 8);
        buffer.WriteByte(Version);
        long previous = 0;
        foreach (long time in sendTimes)
        {
            // Zigzag: the gaps are not negative unless a wall clock stepped back, and then they still fit.
            long gap = time - previous;
            WriteVarint(buffer, (ulong)((gap << 1) ^ (gap >> 63)));
            previous = time;
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The send times, or none for null, an unknown version or damaged bytes: pacing then starts from this instance's
    /// own sends, and Teams' 429 with its retry covers the rest.
    /// </summary>
    public static long[] Decode(byte[]? log)
    {
        if (log is null || log.Length < 2 || log[0] != Version)
        {
            return [];
        }

        var times = new List<long>();
        long previous = 0;
        int at = 1;
        while (at < log.Length)
        {
            if (!TryReadVarint(log, ref at, out ulong zigzag))
            {
                return [];
            }

            long gap = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            previous += gap;
            times.Add(previous);
        }

        return [.. times];
    }

    private static void WriteVarint(MemoryStream buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.WriteByte((byte)value);
    }

    private static bool TryReadVarint(byte[] bytes, ref int at, out ulong value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && at < bytes.Length; shift += 7)
        {
            byte next = bytes[at++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
