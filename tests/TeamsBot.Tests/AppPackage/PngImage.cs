using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TeamsBot.Tests.AppPackage;

/// <summary>
/// A decoded PNG as 8-bit RGBA pixels. Decodes the non-interlaced 8-bit formats icons use (RGBA, RGB, grey,
/// grey + alpha, palette with optional tRNS) with all five row filters; anything else fails with a clear message.
/// </summary>
public sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Pixels, row by row, 4 bytes each (R, G, B, A).</summary>
    public byte[] Rgba { get; }

    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 4;
            return (Rgba[i], Rgba[i + 1], Rgba[i + 2], Rgba[i + 3]);
        }
    }

    public static PngImage Load(string path) => Decode(File.ReadAllBytes(path));

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG file (bad signature)");
        }

        int width = 0, height = 0, bitDepth = 0, colorType = -1;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 12 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colorType = data[9];
                    if (data[12] != 0)
                    {
                        throw new InvalidDataException("interlaced PNGs are not supported; save the icon without interlacing");
                    }

                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            offset += 12 + length;
            if (type == "IEND")
            {
                break;
            }
        }

        var channels = colorType switch
        {
            0 => 1,
            2 => 3,
            3 => 1,
            4 => 2,
            6 => 4,
            _ => throw new InvalidDataException($"PNG colour type {colorType} is not valid"),
        };
        if (bitDepth != 8)
        {
            throw new InvalidDataException($"PNG bit depth {bitDepth} is not supported by this decoder; save the icon as 8-bit RGBA");
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var bytes = raw.ToArray();

        var stride = width * channels;
        if (bytes.Length < height * (stride + 1))
        {
            throw new InvalidDataException("PNG image data is truncated");
        }

        var previous = new byte[stride];
        var current = new byte[stride];
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var rowStart = y * (stride + 1);
            var filter = bytes[rowStart];
            Array.Copy(bytes, rowStart + 1, current, 0, stride);
            Unfilter(filter, current, previous, channels);

            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 4;
                var p = x * channels;
                switch (colorType)
                {
                    case 0:
                        rgba[o] = rgba[o + 1] = rgba[o + 2] = current[p];
                        rgba[o + 3] = 255;
                        break;
                    case 2:
                        rgba[o] = current[p];
                        rgba[o + 1] = current[p + 1];
                        rgba[o + 2] = current[p + 2];
                        rgba[o + 3] = 255;
                        break;
                    case 3:
                        var index = current[p];
                        if (palette is null || ((index * 3) + 2) >= palette.Length)
                        {
                            throw new InvalidDataException("PNG palette index out of range");
                        }

                        rgba[o] = palette[index * 3];
                        rgba[o + 1] = palette[(index * 3) + 1];
                        rgba[o + 2] = palette[(index * 3) + 2];
                        rgba[o + 3] = transparency is not null && index < transparency.Length ? transparency[index] : (byte)255;
                        break;
                    case 4:
                        rgba[o] = rgba[o + 1] = rgba[o + 2] = current[p];
                        rgba[o + 3] = current[p + 1];
                        break;
                    default:
                        Array.Copy(current, p, rgba, o, 4);
                        break;
                }
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgba);
    }

    private static void Unfilter(byte filter, byte[] row, byte[] previous, int bytesPerPixel)
    {
        for (var i = 0; i < row.Length; i++)
        {
            var left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            var up = previous[i];
            var upLeft = i >= bytesPerPixel ? previous[i - bytesPerPixel] : 0;
            row[i] = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] + left),
                2 => (byte)(row[i] + up),
                3 => (byte)(row[i] + ((left + up) / 2)),
                4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException($"PNG row filter {filter} is not valid"),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
