using Microsoft.Extensions.Options;

namespace TeamsBot.Reports;

/// <summary>Fails startup with messages that name the key and the accepted range.</summary>
internal sealed class ReportOptionsValidator : IValidateOptions<ReportOptions>
{
    /// <summary>A price per 1K tokens above this is a typo (a price per 1M pasted in), not a contract.</summary>
    internal const decimal HighestPrice = 1000m;

    internal const int LargestGroupSize = 1000;

    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        var failures = new List<string>();
        if (options.PricePer1KInputTokens is < 0 or > HighestPrice)
        {
            failures.Add($"Reports:PricePer1KInputTokens must be between 0 and {HighestPrice}.");
        }

        if (options.PricePer1KOutputTokens is < 0 or > HighestPrice)
        {
            failures.Add($"Reports:PricePer1KOutputTokens must be between 0 and {HighestPrice}.");
        }

        if (options.MinGroupSize is < 1 or > LargestGroupSize)
        {
            failures.Add($"Reports:MinGroupSize must be between 1 and {LargestGroupSize}.");
        }

        if (!string.IsNullOrWhiteSpace(options.AdminGroup) && !Guid.TryParse(options.AdminGroup, out _))
        {
            failures.Add("Reports:AdminGroup must be a Microsoft Entra group object id (a GUID), or empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
