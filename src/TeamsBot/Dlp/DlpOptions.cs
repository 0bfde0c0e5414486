namespace TeamsBot.Dlp;

/// <summary>
/// DLP policy, bound from configuration section <c>Policy:Dlp</c>:
/// <code>
/// "Policy": { "Dlp": {
///   "Mode": "Enforce",                                  // or "AuditOnly"
///   "Rules": { "email": "Allow", "phone": "Block" },    // built-in detector id -> Redact | Block | Allow
///   "Custom": [ { "Id": "project-falcon", "Keywords": [ "Falcon" ], "Action": "Block", "Label": "PROJECT" } ]
/// } }
/// </code>
/// Detectors not listed in Rules use their default: personal data Redact, secrets Block.
/// Treat an instance as immutable once it is in use.
/// </summary>
public sealed class DlpOptions
{
    public const string SectionName = "Policy:Dlp";

    private Dictionary<string, DlpAction> _rules = new(StringComparer.OrdinalIgnoreCase);

    public DlpMode Mode { get; set; } = DlpMode.Enforce;

    /// <summary>Action per built-in detector id; keys are case-insensitive whatever dictionary is assigned.</summary>
    public Dictionary<string, DlpAction> Rules
    {
        get => _rules;
        set
        {
            var rules = new Dictionary<string, DlpAction>(StringComparer.OrdinalIgnoreCase);
            foreach (var (key, action) in value ?? [])
            {
                rules[key] = action;
            }

            _rules = rules;
        }
    }

    public List<CustomDlpRule> Custom { get; set; } = [];
}
