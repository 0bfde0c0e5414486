using System.IO.Compression;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// Checks an Office file's zip package before anything reads it: too many parts, more unpacked bytes than allowed,
/// or a part that unpacks far beyond its packed size (a zip bomb) refuse the file unread.
/// </summary>
internal static class OfficePackageGuard
{
    /// <summary>Real documents have a few hundred parts at most.</summary>
    public const int MaxParts = 10_000;

    /// <summary>Below this a part's compression ratio does not matter: small parts of zeros compress very well.</summary>
    private const long RatioCheckedFrom = 1024 * 1024;

    public static void Check(byte[] content, ExtractionLimits limits)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxParts)
            {
                throw new FileRefusedException(FileRefusal.OverLimits);
            }

            long unpacked = 0;
            foreach (var entry in zip.Entries)
            {
                unpacked += entry.Length;
                bool bomb = entry.Length > RatioCheckedFrom
                    && entry.Length / Math.Max(entry.CompressedLength, 1) > limits.MaxCompressionRatio;
                if (bomb || unpacked > limits.MaxUnpackedBytes)
                {
                    throw new FileRefusedException(FileRefusal.OverLimits);
                }
            }
        }
        catch (InvalidDataException exception)
        {
            throw new FileRefusedException(FileRefusal.Unreadable, exception);
        }
    }
}
