namespace TeamsBot.Audit;

internal enum AuditVerb
{
    Help,
    Verify,
    Export,
}
