using TeamsBot.Knowledge.Collections;

namespace TeamsBot.Cards;

/// <summary>Answers to the admin's <c>collection</c> commands.</summary>
public static class CollectionCards
{
    /// <summary>For anyone who is not an admin (Reports:AdminGroup) in a personal chat, or when that cannot be checked.</summary>
    public static AdaptiveCard AdminsOnly() =>
        BotCards.Problem("Only admins manage document collections",
            "Collections are added and removed by members of your organisation's TeamsBot admin group, in a personal chat "
            + "with me.",
            "Ask your TeamsBot admin to add the documents you need to a collection you can read.");

    public static AdaptiveCard List(IReadOnlyList<KnowledgeCollectionRecord> collections)
    {
        ArgumentNullException.ThrowIfNull(collections);
        if (collections.Count == 0)
        {
            return BotCards.Notice("No document collections yet",
                "Add one with: collection add --name <name> --folder <path> --readers group:<id>,user:<id>");
        }

        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Document collections") { Weight = "Bolder" },
                new FactSet(collections.Select(c => new Fact(c.Name,
                    c.Readers + " · " + c.Location + " · " + (c.IndexedAt is { } at ? "indexed " + at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "not indexed yet")))
                    .ToList()),
            ],
            MsTeams = new TeamsCardProperties(),
        };
    }

    public static AdaptiveCard Added(KnowledgeCollectionRecord collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return BotCards.Notice("Collection " + collection.Name + " added",
            "Readable by " + collection.Readers + ". Its documents are being indexed now; type collection list to see "
            + "when that finished.");
    }

    public static AdaptiveCard Removed(KnowledgeCollectionRecord collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return BotCards.Notice("Collection " + collection.Name + " removed",
            "Everything indexed from it is deleted; no answer quotes it any more.");
    }

    public static AdaptiveCard ReindexRequested(KnowledgeCollectionRecord collection)
    {
        ArgumentNullException.ThrowIfNull(collection);
        return BotCards.Notice("Re-indexing " + collection.Name,
            "New, changed and deleted documents in its folder are taken into account in a moment.");
    }

    public static AdaptiveCard NoSuchCollection(string name) =>
        BotCards.Problem("There is no collection " + name, "No collection in your organisation has that name.",
            "Type collection list to see them.");

    /// <summary>A command that could not be done: the reason is the administration's own text, never an exception's.</summary>
    public static AdaptiveCard Refused(string reason) =>
        BotCards.Problem("The collection command was not done", reason, CollectionCommandLine.TeamsUsage);
}
