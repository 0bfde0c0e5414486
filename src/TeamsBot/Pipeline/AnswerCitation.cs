using System.Text.Json;

namespace TeamsBot.Pipeline;

/// <summary>
/// One source of an answer, shown by Teams where the answer says <c>[Position]</c>: the document's name, the place in
/// it, and a short extract. No link: the file came as a chat attachment, and a link the reader cannot open is worse
/// than none.
/// </summary>
public sealed record AnswerCitation(int Position, string Name, string Abstract)
{
    /// <summary>The citations the answer refers to by their <c>[n]</c> marker: the only ones sent, or stored with it.</summary>
    public static IReadOnlyList<AnswerCitation> CitedIn(string answer, IEnumerable<AnswerCitation> citations) =>
        [.. citations.Where(c => answer.Contains($"[{c.Position}]", StringComparison.Ordinal))];

    /// <summary>Citations as stored with their answer, so that a later delivery from the outbox still shows them.</summary>
    public static string? Serialise(IReadOnlyList<AnswerCitation> citations) =>
        citations.Count == 0 ? null : JsonSerializer.Serialize(citations);

    public static IReadOnlyList<AnswerCitation> Deserialise(string? stored) =>
        stored is null ? [] : JsonSerializer.Deserialize<List<AnswerCitation>>(stored) ?? [];
}
