using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.IO.Compression;
using System.Reflection;

namespace TeamsBot.Model;

/// <summary>
/// Reads the o200k ranks shipped in Microsoft.ML.Tokenizers.Data.O200kBase: a deflated text file with an optional
/// <c>Capacity: N</c> line, then one base64 token per line whose line number is its rank.
/// </summary>
internal static class TiktokenRanksLoader
{
    private const string O200kBaseAssembly = "Microsoft.ML.Tokenizers.Data.O200kBase";
    private const string O200kBaseResource = "o200k_base.tiktoken.deflate";
    private static readonly byte[] CapacityPrefix = "Capacity: "u8.ToArray();

    public static TiktokenRanks LoadO200kBase()
    {
        Assembly data = Assembly.Load(O200kBaseAssembly);
        using Stream compressed = data.GetManifestResourceStream(O200kBaseResource)
            ?? throw new InvalidOperationException($"{O200kBaseAssembly} has no resource {O200kBaseResource}.");
        using var ranksFile = new DeflateStream(compressed, CompressionMode.Decompress);
        return Parse(ranksFile);
    }

    /// <summary>Parses the uncompressed ranks file; a malformed line fails the load rather than shifting ranks.</summary>
    public static TiktokenRanks Parse(Stream ranksFile)
    {
        ArgumentNullException.ThrowIfNull(ranksFile);
        using var buffer = new MemoryStream();
        ranksFile.CopyTo(buffer);
        ReadOnlySpan<byte> text = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);

        int expectedRanks = 1024;
        ReadOnlySpan<byte> line = NextLine(ref text);
        if (line.StartsWith(CapacityPrefix))
        {
            if (!int.TryParse(line[CapacityPrefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out expectedRanks) || expectedRanks is < 0 or > 10_000_000)
            {
                throw new InvalidDataException("The ranks file has an invalid Capacity line.");
            }

            line = NextLine(ref text);
        }

        // Empty lines before the first token do not count; after it, each line is one rank.
        while (line.IsEmpty && !text.IsEmpty)
        {
            line = NextLine(ref text);
        }

        var offsets = new List<int>(expectedRanks + 1) { 0 };
        // Base64 decodes to three quarters of its length; the text is an upper bound for the tokens' bytes.
        byte[] tokenBytes = new byte[text.Length + line.Length];
        int written = 0;
        while (true)
        {
            if (line.IndexOf((byte)' ') >= 0)
            {
                throw new InvalidDataException($"Line {offsets.Count} of the ranks file is not a lone base64 token.");
            }

            if (Base64.DecodeFromUtf8(line, tokenBytes.AsSpan(written), out int consumed, out int decoded) != OperationStatus.Done
                || consumed != line.Length)
            {
                throw new InvalidDataException($"Line {offsets.Count} of the ranks file is not valid base64.");
            }

            written += decoded;
            offsets.Add(written);
            if (text.IsEmpty)
            {
                break;
            }

            line = NextLine(ref text);
            if (line.IsEmpty && text.IsEmpty)
            {
                break;
            }
        }

        if (written == 0)
        {
            throw new InvalidDataException("The ranks file holds no tokens.");
        }

        return new TiktokenRanks(tokenBytes.AsSpan(0, written).ToArray(), [.. offsets]);
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> text)
    {
        int end = text.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line = end < 0 ? text : text[..end];
        text = end < 0 ? [] : text[(end + 1)..];
        return line.EndsWith((byte)'\r') ? line[..^1] : line;
    }
}
