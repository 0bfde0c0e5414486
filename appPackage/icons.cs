// Draws the Teams app icons reproducibly: dotnet run appPackage/icons.cs [-- <output directory>]
//
//   color.png   192x192  white speech bubble holding a blue shield with a keyhole, on the app's blue
//   outline.png  32x32   the same symbol in white on a transparent background (Teams requires white + transparent)
//
// Shapes are described geometrically and rasterised with 8x8 supersampling; PNGs are written with zlib only,
// so no image library is needed.
// The build always goes through MSBuild without the shared compiler server, so that no compiler process
// outlives the command (tests run this script too).
#:property FileBasedProgramCanSkipMSBuild=false
#:property UseSharedCompilation=false
// The repository's analyzer settings apply here too; IDE0005 needs the documentation file to run.
#:property GenerateDocumentationFile=true
#:property NoWarn=$(NoWarn);CS1591
using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;

// Optional argument: the output directory (default: next to this script).
var directory = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.GetDirectoryName(SourcePath())!;

var color = Icon.Render(192, Icon.ColorPixel);
Png.Write(Path.Combine(directory, "color.png"), 192, 192, color);

var outline = Icon.Render(32, Icon.OutlinePixel);
Png.Write(Path.Combine(directory, "outline.png"), 32, 32, outline);

Console.WriteLine($"Wrote {Path.Combine(directory, "color.png")} and {Path.Combine(directory, "outline.png")}");

static string SourcePath([CallerFilePath] string path = "") => path;

/// <summary>Straight-alpha RGBA colour.</summary>
internal readonly record struct Rgba(double R, double G, double B, double A)
{
    public static readonly Rgba Transparent = new(0, 0, 0, 0);
    public static readonly Rgba White = new(255, 255, 255, 255);
}

internal static class Icon
{
    private const int Samples = 8;

    // Brand colours: the manifest's accentColor is #1F4E79.
    private static readonly Rgba BackgroundTop = new(0x27, 0x61, 0x96, 255);
    private static readonly Rgba BackgroundBottom = new(0x1F, 0x4E, 0x79, 255);
    private static readonly Rgba Shield = new(0x1F, 0x4E, 0x79, 255);

    /// <summary>Renders a size x size image; <paramref name="pixel"/> gives the colour of one sample point.</summary>
    public static byte[] Render(int size, Func<double, double, Rgba> pixel)
    {
        var rgba = new byte[size * size * 4];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                // Average premultiplied colour over the samples, then convert back to straight alpha.
                double r = 0, g = 0, b = 0, a = 0;
                for (var sy = 0; sy < Samples; sy++)
                {
                    for (var sx = 0; sx < Samples; sx++)
                    {
                        var c = pixel(x + ((sx + 0.5) / Samples), y + ((sy + 0.5) / Samples));
                        var alpha = c.A / 255.0;
                        r += c.R * alpha;
                        g += c.G * alpha;
                        b += c.B * alpha;
                        a += alpha;
                    }
                }

                var offset = ((y * size) + x) * 4;
                const double n = Samples * Samples;
                if (a > 0)
                {
                    rgba[offset] = ToByte(r / a);
                    rgba[offset + 1] = ToByte(g / a);
                    rgba[offset + 2] = ToByte(b / a);
                }

                rgba[offset + 3] = ToByte(a / n * 255);
            }
        }

        return rgba;
    }

    /// <summary>The 192x192 colour icon.</summary>
    public static Rgba ColorPixel(double x, double y)
    {
        // Speech bubble: rounded rectangle with a tail at the lower left.
        var inBubble = Shapes.InRoundedRect(x, y, cx: 96, cy: 88, halfWidth: 64, halfHeight: 48, radius: 24)
            || Shapes.InTriangle(x, y, (56, 124), (44, 160), (92, 132));

        // Shield inside the bubble, with a keyhole.
        var inShield = Shapes.InShield(x, y, cx: 96, top: 58, halfWidth: 25, height: 58, shoulder: 10);
        var inKeyhole = Shapes.InKeyhole(x, y, cx: 96, cy: 80, radius: 8, slotBottom: 101, slotTopHalf: 3.5, slotBottomHalf: 6);

        if (inBubble && inShield && !inKeyhole)
        {
            return Shield;
        }

        if (inBubble)
        {
            return Rgba.White;
        }

        // Background: a subtle top-to-bottom gradient, full bleed (Teams rounds the corners itself).
        var t = y / 192.0;
        return new Rgba(
            Lerp(BackgroundTop.R, BackgroundBottom.R, t),
            Lerp(BackgroundTop.G, BackgroundBottom.G, t),
            Lerp(BackgroundTop.B, BackgroundBottom.B, t),
            255);
    }

    /// <summary>The 32x32 outline icon: white on transparent only.</summary>
    public static Rgba OutlinePixel(double x, double y)
    {
        // Bubble drawn as a 2 px ring; the tail is solid and attached to the ring.
        var inOuter = Shapes.InRoundedRect(x, y, cx: 16, cy: 14, halfWidth: 14, halfHeight: 11, radius: 5);
        var inInner = Shapes.InRoundedRect(x, y, cx: 16, cy: 14, halfWidth: 12, halfHeight: 9, radius: 3);
        var inTail = Shapes.InTriangle(x, y, (7, 22), (5, 31), (14, 24)) && !inInner;
        var inRing = inOuter && !inInner;

        // Solid shield with a transparent keyhole.
        var inShield = Shapes.InShield(x, y, cx: 16, top: 8, halfWidth: 6, height: 12.5, shoulder: 3);
        var inKeyhole = Shapes.InKeyhole(x, y, cx: 16, cy: 12.5, radius: 1.7, slotBottom: 17, slotTopHalf: 0.7, slotBottomHalf: 1.1);

        return inRing || inTail || (inShield && !inKeyhole) ? Rgba.White : Rgba.Transparent;
    }

    private static double Lerp(double a, double b, double t) => a + ((b - a) * t);

    private static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}

internal static class Shapes
{
    public static bool InRoundedRect(double x, double y, double cx, double cy, double halfWidth, double halfHeight, double radius)
    {
        var dx = Math.Abs(x - cx) - (halfWidth - radius);
        var dy = Math.Abs(y - cy) - (halfHeight - radius);
        if (dx <= 0 || dy <= 0)
        {
            return dx <= radius && dy <= radius;
        }

        return (dx * dx) + (dy * dy) <= radius * radius;
    }

    public static bool InTriangle(double x, double y, (double X, double Y) a, (double X, double Y) b, (double X, double Y) c)
    {
        var d1 = Cross(x, y, a, b);
        var d2 = Cross(x, y, b, c);
        var d3 = Cross(x, y, c, a);
        var hasNegative = d1 < 0 || d2 < 0 || d3 < 0;
        var hasPositive = d1 > 0 || d2 > 0 || d3 > 0;
        return !(hasNegative && hasPositive);
    }

    /// <summary>
    /// A heraldic shield: flat top edge, straight sides for <paramref name="shoulder"/>, then sides curving to a point
    /// <paramref name="height"/> below the top. The curved part is the lower half of the lens where two circles
    /// centred on the shoulder line overlap, chosen so that it is 2*halfWidth wide there.
    /// </summary>
    public static bool InShield(double x, double y, double cx, double top, double halfWidth, double height, double shoulder)
    {
        if (y < top)
        {
            return false;
        }

        var curveTop = top + shoulder;
        if (y < curveTop)
        {
            return Math.Abs(x - cx) <= halfWidth;
        }

        // (R - d) = halfWidth and R^2 - d^2 = curveHeight^2  =>  R + d = curveHeight^2 / halfWidth.
        var curveHeight = height - shoulder;
        var sum = curveHeight * curveHeight / halfWidth;
        var radius = (sum + halfWidth) / 2;
        var offset = (sum - halfWidth) / 2;
        return InCircle(x, y, cx - offset, curveTop, radius) && InCircle(x, y, cx + offset, curveTop, radius);
    }

    /// <summary>A keyhole: a circle above a slot that widens downwards.</summary>
    public static bool InKeyhole(double x, double y, double cx, double cy, double radius, double slotBottom, double slotTopHalf, double slotBottomHalf)
    {
        if (InCircle(x, y, cx, cy, radius))
        {
            return true;
        }

        if (y < cy || y > slotBottom)
        {
            return false;
        }

        var t = (y - cy) / (slotBottom - cy);
        var half = slotTopHalf + ((slotBottomHalf - slotTopHalf) * t);
        return Math.Abs(x - cx) <= half;
    }

    private static bool InCircle(double x, double y, double cx, double cy, double radius)
        => ((x - cx) * (x - cx)) + ((y - cy) * (y - cy)) <= radius * radius;

    private static double Cross(double x, double y, (double X, double Y) p, (double X, double Y) q)
        => ((x - q.X) * (p.Y - q.Y)) - ((p.X - q.X) * (y - q.Y));
}

/// <summary>Minimal PNG writer: 8-bit RGBA, no filtering, zlib-compressed.</summary>
internal static class Png
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    public static void Write(string path, int width, int height, byte[] rgba)
    {
        using var file = File.Create(path);
        file.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(0), width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // colour type: RGBA
        WriteChunk(file, "IHDR", header);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter: none
                zlib.Write(rgba, y * width * 4, width * 4);
            }
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, data.Length);
        stream.Write(buffer);

        var typeAndData = new byte[4 + data.Length];
        for (var i = 0; i < 4; i++)
        {
            typeAndData[i] = (byte)type[i];
        }

        data.CopyTo(typeAndData, 4);
        stream.Write(typeAndData);

        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc32(typeAndData));
        stream.Write(buffer);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
