using TeamsBot.History;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;

namespace TeamsBot.Export;

/// <summary>What one export holds, read from the store at once; written out by <see cref="DataExportFile"/>.</summary>
internal sealed record DataExport(
    ExportSubject Subject,
    IReadOnlyList<TurnRecord> Turns,
    int TurnsLeftOut,
    IReadOnlyList<FeedbackRecord> Feedback,
    IReadOnlyList<KnowledgeDocumentRecord> Files,
    IReadOnlyList<LegalHoldRecord> Holds);
