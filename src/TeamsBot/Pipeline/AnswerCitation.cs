namespace TeamsBot.Pipeline;

/// <summary>
/// One source of an answer, shown by Teams where the answer says <c>[Position]</c>: the document's name, the place in
/// it, and a short extract. No link: the file came as a chat attachment, and a link the reader cannot open is worse
/// than none.
/// </summary>
public sealed record AnswerCitation(int Position, string Name, string Abstract);
