using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using TeamsBot.Dlp.Detectors;

namespace TeamsBot.Dlp;

/// <summary>
/// Checks <see cref="DlpOptions"/> at startup; each message names the configuration key so an admin can fix
/// it without reading code.
/// </summary>
internal sealed partial class DlpOptionsValidator : IValidateOptions<DlpOptions>
{
    public ValidateOptionsResult Validate(string? name, DlpOptions options)
    {
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <param name="options">The options to check.</param>
    /// <param name="section">Configuration path used in messages, e.g. "Policy:Tenants:{id}:Dlp" for an override.</param>
    public static IReadOnlyList<string> GetErrors(DlpOptions options, string section = DlpOptions.SectionName)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();

        if (!Enum.IsDefined(options.Mode))
        {
            errors.Add($"{section}:Mode must be Enforce or AuditOnly.");
        }

        foreach (var (key, action) in options.Rules.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!BuiltInDetectors.ById.ContainsKey(key))
            {
                errors.Add($"{section}:Rules:{key} is not a known detector (known: {string.Join(", ", BuiltInDetectors.Ids)}).");
            }
            else if (!Enum.IsDefined(action))
            {
                errors.Add($"{section}:Rules:{key} must be Redact, Block or Allow.");
            }
        }

        var seenIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < options.Custom.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{section}:Custom:{i}");
            ValidateCustomRule(options.Custom[i], key, section, i, seenIds, errors);
        }

        foreach (var (key, action) in options.AnswerRules.OrderBy(r => r.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (!BuiltInDetectors.ById.ContainsKey(key) && !seenIds.ContainsKey(key))
            {
                errors.Add($"{section}:AnswerRules:{key} is neither a known detector (known: "
                    + $"{string.Join(", ", BuiltInDetectors.Ids)}) nor the id of a rule in {section}:Custom.");
            }
            else if (!Enum.IsDefined(action))
            {
                errors.Add($"{section}:AnswerRules:{key} must be Redact, Block or Allow.");
            }
        }

        return errors;
    }

    private static void ValidateCustomRule(
        CustomDlpRule? rule, string key, string section, int index, Dictionary<string, int> seenIds, List<string> errors)
    {
        if (rule is null)
        {
            errors.Add($"{key} is empty.");
            return;
        }

        if (string.IsNullOrWhiteSpace(rule.Id))
        {
            errors.Add($"{key}:Id is required.");
        }
        else if (!RuleIdRegex().IsMatch(rule.Id))
        {
            errors.Add($"{key}:Id must be 1-64 characters of A-Z, a-z, 0-9, '_' or '-'.");
        }
        else if (BuiltInDetectors.ById.ContainsKey(rule.Id))
        {
            errors.Add($"{key}:Id '{rule.Id}' is already used by a built-in detector.");
        }
        else if (seenIds.TryGetValue(rule.Id, out int first))
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Id '{rule.Id}' is already used by {section}:Custom:{first}."));
        }
        else
        {
            seenIds.Add(rule.Id, index);
        }

        bool hasPattern = !string.IsNullOrEmpty(rule.Pattern);
        bool hasKeywords = rule.Keywords is { Count: > 0 };
        if (!hasPattern && !hasKeywords)
        {
            errors.Add($"{key} needs a Pattern or Keywords.");
        }

        if (hasPattern)
        {
            try
            {
                if (CustomRuleRegexCache.ForPattern(rule.Pattern!).IsMatch(string.Empty))
                {
                    errors.Add($"{key}:Pattern matches the empty string.");
                }
            }
            catch (ArgumentException ex)
            {
                errors.Add($"{key}:Pattern is not a valid regular expression: {ex.Message}");
            }
            catch (RegexMatchTimeoutException)
            {
                errors.Add($"{key}:Pattern timed out on the empty string.");
            }
        }

        if (hasKeywords)
        {
            for (int k = 0; k < rule.Keywords.Count; k++)
            {
                if (string.IsNullOrWhiteSpace(rule.Keywords[k]))
                {
                    errors.Add(string.Create(CultureInfo.InvariantCulture, $"{key}:Keywords:{k} is empty."));
                }
            }
        }

        if (!Enum.IsDefined(rule.Action))
        {
            errors.Add($"{key}:Action must be Redact, Block or Allow.");
        }

        if (rule.Label is not null && !LabelRegex().IsMatch(rule.Label))
        {
            errors.Add($"{key}:Label must be 1-32 characters of A-Z, 0-9 or '_', starting with a letter.");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RuleIdRegex();

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,31}\z", RegexOptions.CultureInvariant)]
    internal static partial Regex LabelRegex();
}
