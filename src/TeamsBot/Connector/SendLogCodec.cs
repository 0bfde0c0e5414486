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
        using (var writer = new BinaryWriter(buffer))
        {
            writer.Write(Version);
            long previous = 0;
            foreach (long time in sendTimes)
            {
                // Zigzag: the gaps are not negative unless a wall clock stepped back, and then they stay short.
                long gap = time - previous;
                writer.Write7BitEncodedInt64((gap << 1) ^ (gap >> 63));
                previous = time;
            }
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

        using var reader = new BinaryReader(new MemoryStream(log, 1, log.Length - 1, writable: false));
        var times = new List<long>();
        long previous = 0;
        try
        {
            while (reader.BaseStream.Position < reader.BaseStream.Length)
            {
                long zigzag = reader.Read7BitEncodedInt64();
                previous += (long)((ulong)zigzag >> 1) ^ -(zigzag & 1);
                times.Add(previous);
            }
        }
        catch (Exception exception) when (exception is EndOfStreamException or FormatException)
        {
            return [];
        }

        return [.. times];
    }
}
