using System.Buffers.Binary;
using System.Numerics;
using System.Text.Unicode;

namespace TeamsBot.Model;

/// <summary>
/// A tiktoken vocabulary held for counting: every token's bytes in one array, their offsets by rank, and an
/// open-addressing table of ranks keyed by the bytes. No object per token, so 200,000 tokens take a few MB.
/// </summary>
internal sealed class TiktokenRanks
{
    private const int EmptySlot = 0;

    private readonly byte[] _tokenBytes;
    private readonly int[] _offsets;
    private readonly int[] _slots;
    private readonly int _slotMask;
    private readonly ulong[] _wholePieceRanks;

    /// <param name="tokenBytes">Every token's bytes, in rank order.</param>
    /// <param name="offsets">Token r is <c>tokenBytes[offsets[r]..offsets[r + 1]]</c>; an empty range is a missing rank.</param>
    public TiktokenRanks(byte[] tokenBytes, int[] offsets)
    {
        ArgumentNullException.ThrowIfNull(tokenBytes);
        ArgumentNullException.ThrowIfNull(offsets);
        if (offsets.Length < 2 || offsets[0] != 0 || offsets[^1] != tokenBytes.Length)
        {
            throw new ArgumentException("Offsets must start at 0 and end at the length of the token bytes.", nameof(offsets));
        }

        _tokenBytes = tokenBytes;
        _offsets = offsets;
        int rankCount = offsets.Length - 1;

        // A load factor under one half keeps probe runs short.
        int slotCount = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(rankCount * 2, 16));
        _slots = new int[slotCount];
        _slotMask = slotCount - 1;
        _wholePieceRanks = new ulong[(rankCount + 63) / 64];
        for (int rank = 0; rank < rankCount; rank++)
        {
            ReadOnlySpan<byte> token = Token(rank);
            if (token.IsEmpty)
            {
                continue;
            }

            if (offsets[rank + 1] < offsets[rank] || Find(token) >= 0)
            {
                throw new ArgumentException($"Rank {rank} is out of order or repeats an earlier token.", nameof(offsets));
            }

            int slot = Hash(token) & _slotMask;
            while (_slots[slot] != EmptySlot)
            {
                slot = (slot + 1) & _slotMask;
            }

            _slots[slot] = rank + 1;

            // The reference tokenizer matches a whole piece only against tokens that are valid UTF-8 text without
            // U+FFFD; any other piece goes through the byte-pair merge even when its bytes are one token.
            if (Utf8.IsValid(token) && token.IndexOf("\uFFFD"u8) < 0)
            {
                _wholePieceRanks[rank >> 6] |= 1UL << (rank & 63);
            }
        }
    }

    /// <summary>Ranks the table can hold (the highest rank plus one).</summary>
    public int RankCount => _offsets.Length - 1;

    /// <summary>Bytes held for all tokens, for the memory figures.</summary>
    public long RetainedBytes => _tokenBytes.Length + (_offsets.Length + _slots.Length) * (long)sizeof(int)
        + _wholePieceRanks.Length * (long)sizeof(ulong);

    /// <summary>The rank of the token with exactly these bytes, or -1.</summary>
    public int Find(ReadOnlySpan<byte> bytes)
    {
        int slot = Hash(bytes) & _slotMask;
        while (true)
        {
            int entry = _slots[slot];
            if (entry == EmptySlot)
            {
                return -1;
            }

            if (Token(entry - 1).SequenceEqual(bytes))
            {
                return entry - 1;
            }

            slot = (slot + 1) & _slotMask;
        }
    }

    /// <summary>Whether a pre-tokenized piece with exactly this token's bytes counts as one token without merging.</summary>
    public bool MatchesWholePiece(int rank) => (_wholePieceRanks[rank >> 6] & (1UL << (rank & 63))) != 0;

    private ReadOnlySpan<byte> Token(int rank) => _tokenBytes.AsSpan(_offsets[rank], _offsets[rank + 1] - _offsets[rank]);

    // FNV-1a over 4-byte words, then a finaliser that spreads the bits over the low ones the mask keeps.
    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        uint hash = 2166136261u ^ (uint)bytes.Length;
        while (bytes.Length >= 4)
        {
            hash = (hash ^ BinaryPrimitives.ReadUInt32LittleEndian(bytes)) * 16777619u;
            bytes = bytes[4..];
        }

        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }

        hash ^= hash >> 15;
        hash *= 0x2C1B3C6Du;
        hash ^= hash >> 12;
        return (int)(hash & int.MaxValue);
    }
}
