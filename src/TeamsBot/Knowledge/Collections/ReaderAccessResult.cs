using TeamsBot.Knowledge.Retrieval;

namespace TeamsBot.Knowledge.Collections;

/// <summary>The access to search with, and whether collections were left out because group membership was unknown.</summary>
internal sealed record ReaderAccessResult(ReaderAccess Access, bool CollectionsWithheld);
