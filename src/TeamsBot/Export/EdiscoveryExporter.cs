using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.Storage;

namespace TeamsBot.Export;

/// <summary>
/// eDiscovery: writes a user's or a conversation's export straight into the admin's file, then appends an
/// <see cref="AuditDecision.Exported"/> record holding the file's SHA-256, so the file is tied to the hash chain: whoever
/// holds it can show it is the one exported, unchanged, and when (<see cref="FindAsync"/>).
/// </summary>
internal sealed class EdiscoveryExporter(
    IDbContextFactory<BotDbContext> contexts,
    DataExportReader reader,
    IAuditLog audit,
    TimeProvider clock)
{
    /// <summary>Precedes the hex digest in the audit record's rule.</summary>
    internal const string HashLabel = "sha256=";

    /// <summary>Writes the export to a new file at <paramref name="path"/>; <paramref name="requestedBy"/> names who ran it.</summary>
    public async Task<EdiscoveryReceipt> ExportAsync(ExportSubject subject, string path, string requestedBy,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var export = await reader.ReadAsync(subject, maxTurns: null, includeHolds: true, cancellationToken);
        string hash;
        // CreateNew: an earlier export, already in the audit log, is never overwritten.
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None))
        {
            await DataExportFile.WriteAsync(export, clock.GetUtcNow().UtcDateTime, file, cancellationToken);
            file.Position = 0;
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }

        var receipt = new EdiscoveryReceipt(hash, export.Turns.Count, export.Feedback.Count, export.Files.Count,
            export.Holds.Count);
        try
        {
            await audit.AppendAsync(new AuditEntry
            {
                TenantId = subject.TenantId,
                // A user's export is a record about them: sealed with their key like their other records.
                UserId = subject.UserId ?? string.Empty,
                ConversationId = subject.ConversationId ?? string.Empty,
                Scope = string.Empty,
                PolicyVersion = string.Empty,
                Decision = AuditDecision.Exported,
                Rule = string.Create(CultureInfo.InvariantCulture,
                    $"ediscovery-export of {(subject.UserId is null ? "conversation" : "user")} by {requestedBy}: {HashLabel}{hash}, {receipt.Turns} turns, {receipt.Feedback} feedback, {receipt.Files} files, {receipt.Holds} holds"),
            }, cancellationToken);
        }
        catch
        {
            // An export the audit log does not know of must not be handed over.
            File.Delete(path);
            throw;
        }

        return receipt;
    }

    /// <summary>The export record holding the file's SHA-256, or null when no export produced this file.</summary>
    public async Task<(string Sha256, AuditRecord? Record)> FindAsync(string path, CancellationToken cancellationToken)
    {
        string hash;
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
        }

        string label = HashLabel + hash;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Set<AuditRecord>().AsNoTracking()
            .Where(r => r.Decision == AuditDecision.Exported && r.Rule != null && r.Rule.Contains(label))
            .OrderBy(r => r.Sequence).FirstOrDefaultAsync(cancellationToken);
        return (hash, record);
    }
}
