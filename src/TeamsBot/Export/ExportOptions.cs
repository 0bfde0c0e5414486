using System.ComponentModel.DataAnnotations;

namespace TeamsBot.Export;

/// <summary>The <c>export</c> command's file, sent through Teams' file consent flow. Section <c>Export</c>.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Export";

    /// <summary>OneDrive's upload sessions take chunks in multiples of 320 KiB.</summary>
    internal const int UploadChunkUnit = 320 * 1024;

    /// <summary>
    /// Hosts the bot uploads the file to (each also allows its subdomains); empty means
    /// <see cref="Knowledge.KnowledgeOptions.MicrosoftFileHosts"/>, where Teams puts a personal chat's files (the
    /// user's OneDrive). Teams names the upload URL in the user's accept; nothing is sent to a host not listed here.
    /// </summary>
    public string[] AllowedUploadHosts { get; set; } = [];

    /// <summary>How long the consent card's Allow button works after <c>export</c> was typed.</summary>
    public TimeSpan ConsentLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Bytes per upload request: a multiple of 320 KiB, at most 60 MiB (OneDrive's limits).</summary>
    [Range(UploadChunkUnit, 192 * UploadChunkUnit)]
    public int UploadChunkBytes { get; set; } = 10 * UploadChunkUnit;

    /// <summary>Most messages in one file sent in Teams; older ones are left out and the file says so.</summary>
    [Range(1, 1_000_000)]
    public int MaxTurns { get; set; } = 50_000;

    /// <summary>How long one upload request may take.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
