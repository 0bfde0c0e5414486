namespace TeamsBot.Lifecycle;

internal enum HoldVerb
{
    Help,
    Place,
    Lift,
    List,
}
