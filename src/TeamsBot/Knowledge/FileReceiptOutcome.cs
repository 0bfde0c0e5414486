using TeamsBot.Cards;

namespace TeamsBot.Knowledge;

/// <summary>
/// What receipt did with the files of one message: a card for each (reading, or why it was refused; none for a file the
/// message already brought), and the accepted files to read once those cards went (<see cref="FileReceipt.StartReading"/>).
/// </summary>
internal sealed record FileReceiptOutcome(IReadOnlyList<AdaptiveCard> Cards, IReadOnlyList<FileReadingJob> Jobs);
