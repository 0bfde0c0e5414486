using System.Globalization;

namespace TeamsBot.LoadTest;

/// <summary>One line of the startup hook's probe file: bytes allocated so far, GC counts and the managed heap size.</summary>
internal readonly record struct AllocationSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2, long HeapBytes)
{
    public static async Task<AllocationSnapshot> ReadAsync(string path)
    {
        // Wait out one write period so the figure includes what just happened.
        await Task.Delay(250);
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                var parts = (await File.ReadAllTextAsync(path)).Split(' ');
                return new AllocationSnapshot(
                    long.Parse(parts[0], CultureInfo.InvariantCulture),
                    int.Parse(parts[1], CultureInfo.InvariantCulture),
                    int.Parse(parts[2], CultureInfo.InvariantCulture),
                    int.Parse(parts[3], CultureInfo.InvariantCulture),
                    long.Parse(parts[4], CultureInfo.InvariantCulture));
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(50);
            }
        }
    }
}
