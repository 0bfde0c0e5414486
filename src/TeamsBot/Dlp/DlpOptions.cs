namespace TeamsBot.Dlp;

/// <summary>
/// DLP policy, bound from configuration section <c>Policy:Dlp</c>:
/// <code>
/// "Policy": { "Dlp": {
///   "Mode": "Enforce",                                  // or "AuditOnly"
///   "Rules": { "email": "Allow", "phone": "Block" },    // built-in detector id -> Redact | Block | Allow
///   "Custom": [ { "Id": "project-falcon", "Keywords": [ "Falcon" ], "Action": "Block", "Label": "PROJECT" } ],
///   "AnswerRules": { "credit_card": "Block", "email": "Allow" } // detector or custom rule id -> Redact | Block | Allow
/// } }
/// </code>
/// Detectors not listed in Rules use their default for questions: personal data Redact, secrets Block. The model's
/// answers are scanned with the same detectors and custom rules, where anything not listed in AnswerRules is redacted.
/// Treat an instance as immutable once it is in use.
/// </summary>
public sealed class DlpOptions
{
    public const string SectionName = "Policy:Dlp";

    private Dictionary<string, DlpAction> _rules = new(StringComparer.OrdinalIgnoreCase);
    private Dictionary<string, DlpAction> _answerRules = new(StringComparer.OrdinalIgnoreCase);
    private DlpOptions? _forAnswers;
    private DlpOptions? _enforced;

    public DlpMode Mode { get; set; } = DlpMode.Enforce;

    /// <summary>Action per built-in detector id; keys are case-insensitive whatever dictionary is assigned.</summary>
    public Dictionary<string, DlpAction> Rules
    {
        get => _rules;
        set => _rules = CaseInsensitive(value);
    }

    public List<CustomDlpRule> Custom { get; set; } = [];

    /// <summary>
    /// What a finding in the model's answer does, per built-in detector or custom rule id (case-insensitive): Redact
    /// (the default for every detector), Block (the answer is withheld) or Allow (not looked for in answers).
    /// </summary>
    public Dictionary<string, DlpAction> AnswerRules
    {
        get => _answerRules;
        set => _answerRules = CaseInsensitive(value);
    }

    /// <summary>
    /// These options as the scanner applies them to an answer: the same mode, detectors and custom rules, with the
    /// actions of <see cref="AnswerRules"/> (Redact where none is given). Built once per instance.
    /// </summary>
    /// <summary>
    /// These options with AuditOnly lifted, for text that is stored but never shown (a message at receipt, a feedback
    /// comment): it is redacted whatever the mode. The same instance in Enforce mode; built once per instance otherwise.
    /// </summary>
    internal DlpOptions Enforced() => Mode == DlpMode.Enforce
        ? this
        : _enforced ??= new DlpOptions { Mode = DlpMode.Enforce, Rules = Rules, Custom = Custom, AnswerRules = AnswerRules };

    internal DlpOptions ForAnswers() => _forAnswers ??= new DlpOptions
    {
        Mode = Mode,
        Rules = Detectors.BuiltInDetectors.Ids.ToDictionary(id => id, AnswerAction),
        Custom = [.. Custom.OfType<CustomDlpRule>().Select(rule => new CustomDlpRule
        {
            Id = rule.Id,
            Pattern = rule.Pattern,
            Keywords = rule.Keywords,
            Label = rule.Label,
            Action = AnswerAction(rule.Id),
        })],
    };

    private DlpAction AnswerAction(string id) =>
        _answerRules.TryGetValue(id, out var action) ? action : DlpAction.Redact;

    private static Dictionary<string, DlpAction> CaseInsensitive(Dictionary<string, DlpAction>? value)
    {
        var rules = new Dictionary<string, DlpAction>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, action) in value ?? [])
        {
            rules[key] = action;
        }

        return rules;
    }
}
