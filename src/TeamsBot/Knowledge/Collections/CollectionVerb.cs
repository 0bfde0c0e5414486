namespace TeamsBot.Knowledge.Collections;

internal enum CollectionVerb
{
    Help,
    Add,
    List,
    Remove,
    Reindex,
}
