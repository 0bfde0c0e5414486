using TeamsBot.Dlp;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Knowledge;

/// <summary>
/// One accepted file for the background reader: its reading row, the document under its own key with Teams' download
/// link, the sender's DLP policy, and where the cards go. It lives in memory only: the link is a bearer credential, so
/// it is never written to the database, logs or telemetry, and a job lost with its process is found by its row's
/// deadline instead.
/// </summary>
internal sealed record FileReadingJob(long ReadingId, SourceDocument Document, DlpOptions Dlp, IndexingNotice Notice)
{
    /// <summary>Never the link, should a job ever be formatted.</summary>
    public override string ToString() => "FileReadingJob " + ReadingId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
