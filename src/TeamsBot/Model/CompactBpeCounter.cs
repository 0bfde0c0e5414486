using System.Buffers;
using System.Text.RegularExpressions;

namespace TeamsBot.Model;

/// <summary>
/// Counts o200k tokens without encoding them: special tokens, then the o200k pre-tokenization, then each piece
/// looked up whole or merged byte pair by byte pair, lowest rank first. Counts equal Microsoft.ML.Tokenizers'
/// <c>CountTokens</c>, token for token (checked against it in the tests); holds nothing per call, so it is shared.
/// </summary>
internal sealed partial class CompactBpeCounter
{
    // Pieces longer than this merge with a heap instead of rescanning all pairs after each merge.
    private const int LinearMergeMaxBytes = 128;
    private const int StackBufferBytes = 512;
    private const int NoRank = int.MaxValue;

    private readonly TiktokenRanks _ranks;
    private readonly string[] _specialTokens;

    /// <param name="ranks">The encoding's ranks.</param>
    /// <param name="specialTokens">Strings counted as one token wherever they appear; none may start another.</param>
    public CompactBpeCounter(TiktokenRanks ranks, IReadOnlyList<string> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentNullException.ThrowIfNull(specialTokens);
        foreach (string token in specialTokens)
        {
            if (!token.StartsWith("<|", StringComparison.Ordinal))
            {
                throw new ArgumentException("Special tokens start with <|.", nameof(specialTokens));
            }
        }

        _ranks = ranks;
        _specialTokens = [.. specialTokens];
    }

    public int CountTokens(ReadOnlySpan<char> text)
    {
        int count = 0;
        int start = 0;
        while (start < text.Length)
        {
            int special = IndexOfSpecialToken(text, start, out int specialLength);
            int end = special < 0 ? text.Length : special;
            count += CountOrdinaryText(text[start..end]);
            if (special < 0)
            {
                break;
            }

            count++;
            start = special + specialLength;
        }

        return count;
    }

    // The same pattern and timeout as Microsoft.ML.Tokenizers' o200k_base (from tiktoken's openai_public.py).
    [GeneratedRegex(
        @"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+",
        RegexOptions.None, matchTimeoutMilliseconds: 30_000)]
    private static partial Regex O200kPieces();

    // The leftmost special token; no special token starts another, so at most one matches at an index.
    private int IndexOfSpecialToken(ReadOnlySpan<char> text, int start, out int length)
    {
        int from = start;
        while (from < text.Length)
        {
            int candidate = text[from..].IndexOf("<|", StringComparison.Ordinal);
            if (candidate < 0)
            {
                break;
            }

            candidate += from;
            foreach (string token in _specialTokens)
            {
                if (text[candidate..].StartsWith(token, StringComparison.Ordinal))
                {
                    length = token.Length;
                    return candidate;
                }
            }

            from = candidate + 1;
        }

        length = 0;
        return -1;
    }

    // Text between special tokens is pre-tokenized on its own: the pattern's lookahead stops at the special token.
    private int CountOrdinaryText(ReadOnlySpan<char> text)
    {
        int count = 0;
        foreach (ValueMatch piece in O200kPieces().EnumerateMatches(text))
        {
            count += CountPiece(text.Slice(piece.Index, piece.Length));
        }

        return count;
    }

    private int CountPiece(ReadOnlySpan<char> piece)
    {
        int maxBytes = piece.Length * 3;
        byte[]? rented = null;
        Span<byte> buffer = maxBytes <= StackBufferBytes
            ? stackalloc byte[StackBufferBytes]
            : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            ReadOnlySpan<byte> bytes = buffer[..EncodeUtf8KeepingLoneSurrogates(piece, buffer)];
            int whole = _ranks.Find(bytes);
            if (whole >= 0 && _ranks.MatchesWholePiece(whole))
            {
                return 1;
            }

            if (bytes.Length == 1)
            {
                return 1;
            }

            return bytes.Length <= LinearMergeMaxBytes ? CountMergedLinear(bytes) : CountMergedWithHeap(bytes);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    // Like the reference tokenizer: a lone surrogate becomes its three-byte form rather than U+FFFD.
    private static int EncodeUtf8KeepingLoneSurrogates(ReadOnlySpan<char> text, Span<byte> destination)
    {
        int written = 0;
        for (int i = 0; i < text.Length; i++)
        {
            uint c = text[i];
            if (c <= 0x7Fu)
            {
                destination[written++] = (byte)c;
            }
            else if (c <= 0x7FFu)
            {
                destination[written++] = (byte)(0xC0u | (c >> 6));
                destination[written++] = (byte)(0x80u | (c & 0x3Fu));
            }
            else if (i + 1 < text.Length && char.IsSurrogatePair(text[i], text[i + 1]))
            {
                uint scalar = (uint)char.ConvertToUtf32(text[i], text[i + 1]);
                destination[written++] = (byte)(0xF0u | (scalar >> 18));
                destination[written++] = (byte)(0x80u | ((scalar >> 12) & 0x3Fu));
                destination[written++] = (byte)(0x80u | ((scalar >> 6) & 0x3Fu));
                destination[written++] = (byte)(0x80u | (scalar & 0x3Fu));
                i++;
            }
            else
            {
                destination[written++] = (byte)(0xE0u | (c >> 12));
                destination[written++] = (byte)(0x80u | ((c >> 6) & 0x3Fu));
                destination[written++] = (byte)(0x80u | (c & 0x3Fu));
            }
        }

        return written;
    }

    // Parts start at starts[0..parts]; pairRanks[i] is the rank of part i joined with part i + 1.
    private int CountMergedLinear(ReadOnlySpan<byte> bytes)
    {
        int boundaries = bytes.Length + 1;
        Span<int> starts = stackalloc int[boundaries];
        Span<int> pairRanks = stackalloc int[boundaries];
        for (int i = 0; i < boundaries; i++)
        {
            starts[i] = i;
            pairRanks[i] = NoRank;
        }

        for (int i = 0; i < boundaries - 2; i++)
        {
            pairRanks[i] = RankOf(bytes[starts[i]..starts[i + 2]]);
        }

        while (boundaries > 1)
        {
            int best = -1;
            int bestRank = NoRank;
            for (int i = 0; i < boundaries - 1; i++)
            {
                if (pairRanks[i] < bestRank)
                {
                    best = i;
                    bestRank = pairRanks[i];
                }
            }

            if (best < 0)
            {
                break;
            }

            // Part best absorbs part best + 1: its pair and its left neighbour's pair now span one part more.
            pairRanks[best] = best + 3 < boundaries ? RankOf(bytes[starts[best]..starts[best + 3]]) : NoRank;
            if (best > 0)
            {
                pairRanks[best - 1] = RankOf(bytes[starts[best - 1]..starts[best + 2]]);
            }

            starts[(best + 2)..boundaries].CopyTo(starts[(best + 1)..]);
            pairRanks[(best + 2)..boundaries].CopyTo(pairRanks[(best + 1)..]);
            boundaries--;
        }

        return boundaries - 1;
    }

    // The same merges for long pieces (a 10 KB word without spaces): parts in a linked list, candidate merges in a
    // heap by (rank, start); an entry whose pair has changed since it was queued is skipped when it comes out.
    private int CountMergedWithHeap(ReadOnlySpan<byte> bytes)
    {
        int length = bytes.Length;
        int[] next = ArrayPool<int>.Shared.Rent(length);
        int[] previous = ArrayPool<int>.Shared.Rent(length);
        int[] pairRanks = ArrayPool<int>.Shared.Rent(length);
        try
        {
            var merges = new PriorityQueue<int, long>(length);
            for (int i = 0; i < length; i++)
            {
                next[i] = i + 1;
                previous[i] = i - 1;
                pairRanks[i] = i + 2 <= length ? RankOf(bytes.Slice(i, 2)) : NoRank;
                if (pairRanks[i] != NoRank)
                {
                    merges.Enqueue(i, MergeKey(pairRanks[i], i));
                }
            }

            int parts = length;
            while (merges.TryDequeue(out int start, out long key))
            {
                if (pairRanks[start] != (int)(key >> 32))
                {
                    continue;
                }

                int absorbed = next[start];
                int after = next[absorbed];
                next[start] = after;
                if (after < length)
                {
                    previous[after] = start;
                }

                pairRanks[absorbed] = -1;
                parts--;

                pairRanks[start] = after < length ? RankOf(bytes[start..next[after]]) : NoRank;
                if (pairRanks[start] != NoRank)
                {
                    merges.Enqueue(start, MergeKey(pairRanks[start], start));
                }

                int before = previous[start];
                if (before >= 0)
                {
                    pairRanks[before] = RankOf(bytes[before..after]);
                    if (pairRanks[before] != NoRank)
                    {
                        merges.Enqueue(before, MergeKey(pairRanks[before], before));
                    }
                }
            }

            return parts;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(next);
            ArrayPool<int>.Shared.Return(previous);
            ArrayPool<int>.Shared.Return(pairRanks);
        }
    }

    private static long MergeKey(int rank, int start) => ((long)rank << 32) | (uint)start;

    private int RankOf(ReadOnlySpan<byte> bytes)
    {
        int rank = _ranks.Find(bytes);
        return rank < 0 ? NoRank : rank;
    }
}
