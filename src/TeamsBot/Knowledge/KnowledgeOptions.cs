using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Knowledge;

/// <summary>Files people send the bot, and what is done with them. Section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    public const string SectionName = "Knowledge";

    /// <summary>
    /// Microsoft's SharePoint and OneDrive for work hosts (public cloud, GCC High, DoD), where Teams keeps the files
    /// sent in a chat; a name here also allows its subdomains (contoso-my.sharepoint.com).
    /// </summary>
    public static readonly IReadOnlyList<string> MicrosoftFileHosts = ["sharepoint.com", "sharepoint.us", "sharepoint-mil.us"];

    /// <summary>Whether files sent in the personal chat are read and kept; off, they get a card saying so.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Hosts the bot downloads files from (each also allows its subdomains); empty means
    /// <see cref="MicrosoftFileHosts"/>. Set it to narrow downloads to the company's own tenant
    /// (<c>contoso.sharepoint.com</c>, <c>contoso-my.sharepoint.com</c>). Only https, but for a loopback host.
    /// </summary>
    public string[] AllowedDownloadHosts { get; set; } = [];

    /// <summary>Largest file accepted, in bytes; a download stops as soon as it passes this.</summary>
    [Range(1, 512L * 1024 * 1024)]
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Most text kept from one file, in characters; a file with more is refused, not cut silently.</summary>
    [Range(1, 50_000_000)]
    public int MaxExtractedChars { get; set; } = 2_000_000;

    /// <summary>Most pages (PDF), slides or sheets read from one file.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 2_000;

    /// <summary>
    /// Most bytes an Office file (a zip package) may unpack to in total; with <see cref="MaxCompressionRatio"/> this
    /// refuses zip bombs before any part is read.
    /// </summary>
    [Range(1, 4L * 1024 * 1024 * 1024)]
    public long MaxUnpackedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Highest ratio of unpacked to packed size for one part of an Office file.</summary>
    [Range(2, 10_000)]
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Most files one person keeps; more are refused until they forget some.</summary>
    [Range(1, 100_000)]
    public int MaxFilesPerUser { get; set; } = 200;

    /// <summary>Longest passage stored and later quoted, in characters.</summary>
    [Range(200, 20_000)]
    public int ChunkChars { get; set; } = 1_500;

    /// <summary>
    /// Memory for passages' vectors kept for search, in MiB (8-bit codes: about 39 MB per 100,000 passages of 384
    /// dimensions); partitions used least recently are dropped past it, and one larger than all of it is read per
    /// search. 0 keeps none.
    /// </summary>
    [Range(0, 1_048_576)]
    public int VectorCacheMegabytes { get; set; } = 256;

    /// <summary>
    /// How long reading one file may take, download, text and DLP together. It runs in the background after the message
    /// was acknowledged; a file still reading this long (plus a short margin) after its reader took it up is given up
    /// on, and after a crash its sender hears so about this long after sending it.
    /// </summary>
    public TimeSpan ReceiveTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest <see cref="ReceiveTimeout"/>: Teams' download link lasts about an hour.</summary>
    public static readonly TimeSpan MaxReceiveTimeout = TimeSpan.FromMinutes(10);
}
