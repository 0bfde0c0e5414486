namespace TeamsBot.Reports;

/// <summary>Usage reports for admins (the <c>report</c> verb and the admin command in Teams). Section <c>Reports</c>.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>Price of 1,000 input (prompt) tokens, in the currency of the model contract; 0 shows no cost.</summary>
    public decimal PricePer1KInputTokens { get; set; }

    /// <summary>Price of 1,000 output (completion) tokens.</summary>
    public decimal PricePer1KOutputTokens { get; set; }

    /// <summary>
    /// k: a department or group with fewer active users than this is folded into "other", so no figure describes
    /// fewer than k people.
    /// </summary>
    public int MinGroupSize { get; set; } = 5;

    /// <summary>
    /// Microsoft Entra group object id whose members may ask the bot for the summary card in a personal chat. Empty
    /// turns the Teams command off; the CLI verb needs database access instead.
    /// </summary>
    public string? AdminGroup { get; set; }

    /// <summary>
    /// Include users' feedback comments (already DLP-redacted when stored), without names or groups. Off by default:
    /// a comment is free text its author may not expect an admin to read.
    /// </summary>
    public bool IncludeFeedbackComments { get; set; }
}
