using System.Numerics;
using System.Runtime.InteropServices;

namespace TeamsBot.Knowledge.Embeddings;

/// <summary>Vectors as stored (little-endian float32 bytes) and the dot product retrieval ranks by.</summary>
internal static class VectorCodec
{
    public static byte[] ToBytes(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        return MemoryMarshal.AsBytes(vector.AsSpan()).ToArray();
    }

    public static float[] FromBytes(ReadOnlySpan<byte> bytes) => MemoryMarshal.Cast<byte, float>(bytes).ToArray();

    /// <summary>A unit vector (the zero vector stays zero: it matches nothing).</summary>
    public static float[] Normalise(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        double length = Math.Sqrt(Dot(vector, vector));
        if (length > 0 && Math.Abs(length - 1) > 1e-4)
        {
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] = (float)(vector[i] / length);
            }
        }

        return vector;
    }

    /// <summary>The dot product of a stored vector's bytes with a vector; 0 when their lengths differ.</summary>
    public static float Dot(ReadOnlySpan<byte> stored, ReadOnlySpan<float> query) =>
        stored.Length == query.Length * sizeof(float) ? Dot(MemoryMarshal.Cast<byte, float>(stored), query) : 0f;

    public static float Dot(ReadOnlySpan<float> left, ReadOnlySpan<float> right)
    {
        int n = Math.Min(left.Length, right.Length);
        var sum = Vector<float>.Zero;
        int i = 0;
        for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(left[i..]) * new Vector<float>(right[i..]);
        }

        float total = Vector.Sum(sum);
        for (; i < n; i++)
        {
            total += left[i] * right[i];
        }

        return total;
    }
}
