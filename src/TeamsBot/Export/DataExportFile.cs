using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TeamsBot.Audit;
using TeamsBot.History;

namespace TeamsBot.Export;

/// <summary>
/// The export as one zip: <see cref="JsonLinesName"/> for programs (one JSON object a line: a header, then each
/// message, feedback, file and hold) and <see cref="MarkdownName"/> for people, the same data readable. One file,
/// because Teams' consent card offers one file at a time and an eDiscovery hash should cover everything handed over.
/// Built in memory or straight into the output: the data is never written anywhere else.
/// </summary>
internal static class DataExportFile
{
    public const string JsonLinesName = "teamsbot-export.jsonl";
    public const string MarkdownName = "teamsbot-export.md";
    public const string Format = "teamsbot-export/1";

    public static async Task WriteAsync(DataExport export, DateTime createdAt, Stream output,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(output);
        await using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            var jsonLines = zip.CreateEntry(JsonLinesName, CompressionLevel.Optimal);
            jsonLines.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(createdAt, DateTimeKind.Utc));
            await using (var entry = await jsonLines.OpenAsync(cancellationToken))
            {
                WriteJsonLines(export, createdAt, entry);
            }

            var markdown = zip.CreateEntry(MarkdownName, CompressionLevel.Optimal);
            markdown.LastWriteTime = jsonLines.LastWriteTime;
            await using (var entry = await markdown.OpenAsync(cancellationToken))
            await using (var writer = new StreamWriter(entry, new UTF8Encoding(false)))
            {
                await writer.WriteAsync(Markdown(export, createdAt));
            }
        }

        await output.FlushAsync(cancellationToken);
    }

    /// <summary>The file's name: whose data and when, without anything but ids and digits.</summary>
    public static string FileName(DateTime createdAt) =>
        string.Create(CultureInfo.InvariantCulture, $"teamsbot-export-{createdAt:yyyyMMdd-HHmmss}.zip");

    private static void WriteJsonLines(DataExport export, DateTime createdAt, Stream entry)
    {
        using var json = new Utf8JsonWriter(entry);
        void Line(Action<Utf8JsonWriter> write)
        {
            json.Reset();
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
            json.Flush();
            entry.WriteByte((byte)'\n');
        }

        Line(j =>
        {
            j.WriteString("type", "export");
            j.WriteString("format", Format);
            j.WriteString("createdAt", Time(createdAt));
            j.WriteString("tenantId", export.Subject.TenantId);
            WriteOptional(j, "userId", export.Subject.UserId);
            WriteOptional(j, "conversationId", export.Subject.ConversationId);
            j.WriteNumber("turns", export.Turns.Count);
            j.WriteNumber("turnsLeftOut", export.TurnsLeftOut);
            j.WriteNumber("feedback", export.Feedback.Count);
            j.WriteNumber("files", export.Files.Count);
            j.WriteNumber("holds", export.Holds.Count);
        });
        foreach (var turn in export.Turns)
        {
            Line(j =>
            {
                j.WriteString("type", "turn");
                j.WriteNumber("id", turn.Id);
                j.WriteString("conversationId", turn.ConversationId);
                j.WriteString("role", turn.Role == TurnRole.User ? "user" : "assistant");
                j.WriteString("status", turn.Status.ToString());
                j.WriteString("userId", turn.UserId);
                WriteOptional(j, "userName", turn.UserName);
                if (turn.ReplyToId is { } replyTo)
                {
                    j.WriteNumber("replyToId", replyTo);
                }

                j.WriteString("createdAt", Time(turn.CreatedAt));
                j.WriteString("text", turn.Text);
            });
        }

        foreach (var feedback in export.Feedback)
        {
            Line(j =>
            {
                j.WriteString("type", "feedback");
                j.WriteNumber("turnId", feedback.TurnId);
                j.WriteString("userId", feedback.UserId);
                j.WriteString("reaction", feedback.Reaction.ToString().ToLowerInvariant());
                WriteOptional(j, "comment", feedback.Comment);
                j.WriteString("createdAt", Time(feedback.CreatedAt));
                j.WriteString("updatedAt", Time(feedback.UpdatedAt));
            });
        }

        foreach (var file in export.Files)
        {
            Line(j =>
            {
                j.WriteString("type", "file");
                j.WriteNumber("id", file.Id);
                j.WriteString("name", file.Name);
                j.WriteString("fileType", file.FileType.ToString());
                j.WriteNumber("sizeBytes", file.SizeBytes);
                if (file.Pages is { } pages)
                {
                    j.WriteNumber("pages", pages);
                }

                j.WriteNumber("passages", file.ChunkCount);
                j.WriteNumber("redactions", file.Redactions);
                j.WriteString("sha256", file.ContentHash);
                j.WriteString("receivedAt", Time(file.CreatedAt));
            });
        }

        foreach (var hold in export.Holds)
        {
            Line(j =>
            {
                j.WriteString("type", "hold");
                j.WriteNumber("id", hold.Id);
                WriteOptional(j, "userId", hold.UserId);
                WriteOptional(j, "conversationId", hold.ConversationId);
                j.WriteString("reason", hold.Reason);
                j.WriteString("placedBy", hold.PlacedBy);
                j.WriteString("placedAt", Time(hold.PlacedAt));
            });
        }
    }

    private static string Markdown(DataExport export, DateTime createdAt)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.Append(c, $"# TeamsBot export: {export.Subject.Describe()}\n\n");
        md.Append(c, $"Tenant {export.Subject.TenantId}, made {Time(createdAt)}. ");
        md.Append(c, $"{export.Turns.Count} messages, {export.Feedback.Count} feedback, {export.Files.Count} files. ");
        md.Append("The same data, for programs, is in ").Append(JsonLinesName).Append(".\n");
        if (export.TurnsLeftOut > 0)
        {
            md.Append(c, $"\n{export.TurnsLeftOut} older messages are left out of this file.\n");
        }

        foreach (var conversation in export.Turns.GroupBy(t => t.ConversationId))
        {
            md.Append(c, $"\n## Conversation {conversation.Key}\n");
            foreach (var turn in conversation)
            {
                string who = turn.Role == TurnRole.User ? turn.UserName ?? turn.UserId : "TeamsBot";
                md.Append(c, $"\n**{who}** · {Time(turn.CreatedAt)} · message {turn.Id}");
                md.Append(turn.Role == TurnRole.User && turn.Status != TurnStatus.Answered ? $" ({turn.Status})" : string.Empty);
                md.Append("\n\n").Append(Quote(turn.Text)).Append('\n');
            }
        }

        if (export.Feedback.Count > 0)
        {
            md.Append("\n## Feedback\n\n");
            foreach (var feedback in export.Feedback)
            {
                md.Append(c, $"- {Time(feedback.UpdatedAt)} · {feedback.Reaction} on the answer to message {feedback.TurnId}");
                md.Append(feedback.Comment is { Length: > 0 } comment ? ": " + OneLine(comment) : string.Empty).Append('\n');
            }
        }

        if (export.Files.Count > 0)
        {
            md.Append("\n## Files\n\n");
            foreach (var file in export.Files)
            {
                md.Append(c, $"- {OneLine(file.Name)} ({file.FileType}, {file.SizeBytes:N0} bytes, {file.ChunkCount} passages), received {Time(file.CreatedAt)}\n");
            }
        }

        if (export.Holds.Count > 0)
        {
            md.Append("\n## Legal holds\n\n");
            foreach (var hold in export.Holds)
            {
                md.Append(c, $"- Hold {hold.Id}, placed {Time(hold.PlacedAt)} by {hold.PlacedBy}: {OneLine(hold.Reason)}\n");
            }
        }

        return md.ToString();
    }

    /// <summary>Stored text as a Markdown quote, so nothing in it can end the quote or turn into a heading.</summary>
    private static string Quote(string text) =>
        string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(line => "> " + line));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string Time(DateTime value) => AuditHash.FormatTimestamp(value);
}
