namespace TeamsBot.Export;

internal enum EdiscoveryVerb
{
    Help,
    Export,
    Verify,
}
