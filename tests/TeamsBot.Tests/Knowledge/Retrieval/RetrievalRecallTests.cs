using Microsoft.Extensions.Options;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Tests.TestUtils;
using Xunit.Abstractions;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>
/// Retrieval quality, measured: 300 passages of 30 offices' guides (ten facts each, told alike from office to office, so
/// the office's name and the fact's meaning must both count), and questions that say the same as their passage in other
/// words. The real local model embeds both; the real SQLite index answers. recall@5 is the share of questions whose
/// passage is among the five returned.
/// </summary>
public sealed class RetrievalRecallTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] Offices =
    [
        "Lisbon", "Porto", "Madrid", "Seville", "Lyon", "Nantes", "Munich", "Hamburg", "Leipzig", "Vienna",
        "Graz", "Zurich", "Geneva", "Milan", "Turin", "Naples", "Oslo", "Bergen", "Malmo", "Aarhus",
        "Tallinn", "Riga", "Vilnius", "Krakow", "Gdansk", "Brno", "Ljubljana", "Zagreb", "Cork", "Galway",
    ];

    /// <summary>Each fact as the guide states it, and a question asking for it in other words.</summary>
    private static readonly (string Passage, string Question)[] Facts =
    [
        ("The front doors of the {0} office open at 7:45 each weekday and close at 19:00.",
            "What time can I get into the {0} building in the morning?"),
        ("Parking at {0} is free for staff; visitors pay 4 euros per day at the barrier.",
            "Do guests have to pay to leave their car at {0}?"),
        ("The {0} cafeteria serves hot meals between 11:30 and 14:00.",
            "When is lunch available in the {0} canteen?"),
        ("Wifi at {0}: connect to the network named staff-net and sign in with your badge number.",
            "How do I get internet access on my laptop in {0}?"),
        ("Fire drills in the {0} building happen on the first Tuesday of every quarter.",
            "How often is there an evacuation exercise at {0}?"),
        ("The {0} site manager approves all requests for extra desks and monitors.",
            "Who should I ask in {0} if I need another screen?"),
        ("Bicycles can be stored in the basement of the {0} office; showers are on level two.",
            "Where can I leave my bike when I cycle to work in {0}?"),
        ("Mail for {0} arrives at reception at 10:00 and parcels are held for five days.",
            "How long does {0} reception keep a package for me?"),
        ("Meeting rooms at {0} are booked through the room calendar, at most two weeks ahead.",
            "How far in advance can I reserve a conference room in {0}?"),
        ("The {0} office is closed on the local holiday, and staff work from home that day.",
            "Is the {0} location open on the regional public holiday?"),
    ];

    private readonly TempSqliteDatabase _database = new();

    [Fact]
    public async Task SearchAsync_ParaphrasedQuestionsOverGeneratedGuides_RecallAtFiveAtLeastNinetyPercent()
    {
        using var generator = new LocalEmbeddingGenerator();
        var embeddings = new EmbeddingOptions();
        var embedder = new PassageEmbedder(generator, Options.Create(embeddings));
        var store = new EfKnowledgeStore(_database);
        var expected = new Dictionary<(int Office, int Fact), long>();
        for (int office = 0; office < Offices.Length; office++)
        {
            string heading = Offices[office] + " office guide";
            var chunks = Facts.Select((f, i) => new TextChunk(i, heading, i + 1, string.Format(
                System.Globalization.CultureInfo.InvariantCulture, f.Passage, Offices[office]))).ToList();
            var vectors = await embedder.EmbedAsync(chunks.Select(c => PassageEmbedder.PassageText(c.Heading, c.Text)).ToList(), default);
            long documentId = await store.SaveAsync(new KnowledgeDocumentRecord
            {
                TenantId = "tenant",
                OwnerUserId = "megan",
                SourceKind = "teams-file",
                SourceKey = "megan/" + heading,
                Name = Offices[office].ToLowerInvariant() + "-guide.pdf",
                ContentHash = "00",
                EmbeddingModel = embedder.ModelId,
            }, chunks, vectors, default);
            var stored = await store.GetChunksAsync(documentId, default);
            for (int fact = 0; fact < Facts.Length; fact++)
            {
                expected[(office, fact)] = stored[fact].Id;
            }
        }

        var index = new SqliteKnowledgeIndex(_database, new KnowledgeVectorCache(Options.Create(new KnowledgeOptions())));
        // Every office, each with a different fact: 60 questions, all ten facts asked six times.
        var asked = Enumerable.Range(0, Offices.Length).SelectMany(o => new[] { (o, o % 10), (o, (o + 5) % 10) }).ToList();
        var questions = asked.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture,
            Facts[a.Item2].Question, Offices[a.Item1])).ToList();
        var questionVectors = await embedder.EmbedAsync(questions, default);
        int found = 0;
        for (int q = 0; q < asked.Count; q++)
        {
            var passages = await index.SearchAsync(new KnowledgeQuery(ReaderAccess.OwnFiles("tenant", "megan"), questions[q],
                questionVectors[q], embedder.ModelId, 5, embeddings.MinSimilarity), default);
            if (passages.Any(p => p.ChunkId == expected[asked[q]]))
            {
                found++;
            }
            else
            {
                output.WriteLine($"missed: {questions[q]}");
            }
        }

        double recall = found / (double)asked.Count;
        output.WriteLine($"recall@5 = {recall:F3} ({found} of {asked.Count} questions, 300 passages)");
        Assert.True(recall >= 0.9, $"recall@5 {recall:F3}");
    }

    public void Dispose() => _database.Dispose();
}
