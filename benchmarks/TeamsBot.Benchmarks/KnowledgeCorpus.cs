using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Benchmarks;

/// <summary>
/// A migrated SQLite database holding 100,000 passages of one reader (200 files of 500 passages, 60 words each from a
/// 3,000-word vocabulary, random 384-dimension unit vectors) and 20,000 of another person, seeded with plain SQL.
/// </summary>
internal sealed class KnowledgeCorpus : IDbContextFactory<BotDbContext>, IDisposable
{
    public const string Tenant = "tenant-a";
    public const string Reader = "reader";
    public const string Model = "local:all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-knowledge-bench-").FullName;
    private readonly DbContextOptions<SqliteBotDbContext> _options;
    private readonly Random _random = new(20261130);
    private readonly string[] _vocabulary;

    public KnowledgeCorpus()
    {
        ConnectionString = $"Data Source={Path.Combine(_folder, "teamsbot.db")}";
        _options = new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(ConnectionString).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
        _vocabulary = Enumerable.Range(0, 3000).Select(Word).ToArray();
    }

    public string ConnectionString { get; }

    public BotDbContext CreateDbContext() => new SqliteBotDbContext(_options);

    public void Seed(int readerChunks, int otherChunks)
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        SeedOwner(connection, Reader, readerChunks);
        SeedOwner(connection, "someone-else", otherChunks);
        transaction.Commit();
    }

    public string Question() => string.Join(' ', Enumerable.Range(0, 8).Select(_ => _vocabulary[_random.Next(_vocabulary.Length)]));

    public float[] Vector()
    {
        var vector = new float[Dimensions];
        for (int i = 0; i < vector.Length; i++)
        {
            vector[i] = (float)(_random.NextDouble() - 0.5);
        }

        return VectorCodec.Normalise(vector);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private void SeedOwner(SqliteConnection connection, string owner, int chunks)
    {
        const int PerDocument = 500;
        using var document = connection.CreateCommand();
        document.CommandText =
            "INSERT INTO knowledge_documents (TenantId, OwnerUserId, SourceKind, SourceKey, Name, FileType, SizeBytes, "
            + "ContentHash, ChunkCount, Redactions, CreatedAt, EmbeddingModel) VALUES ($t, $o, 'teams-file', $k, $n, 'Pdf', "
            + "1, '00', $c, 0, '2026-11-30', $m) RETURNING Id";
        using var chunk = connection.CreateCommand();
        chunk.CommandText = "INSERT INTO knowledge_chunks (DocumentId, Ordinal, Heading, Page, Text, Embedding) "
            + "VALUES ($d, $o, $h, $p, $x, $e)";
        for (int d = 0; d * PerDocument < chunks; d++)
        {
            document.Parameters.Clear();
            document.Parameters.AddWithValue("$t", Tenant);
            document.Parameters.AddWithValue("$o", owner);
            document.Parameters.AddWithValue("$k", $"{owner}/file-{d}");
            document.Parameters.AddWithValue("$n", $"file-{d}.pdf");
            document.Parameters.AddWithValue("$c", PerDocument);
            document.Parameters.AddWithValue("$m", Model);
            long documentId = (long)document.ExecuteScalar()!;
            for (int c = 0; c < PerDocument && (d * PerDocument) + c < chunks; c++)
            {
                chunk.Parameters.Clear();
                chunk.Parameters.AddWithValue("$d", documentId);
                chunk.Parameters.AddWithValue("$o", c);
                chunk.Parameters.AddWithValue("$h", "Section " + (c / 10));
                chunk.Parameters.AddWithValue("$p", 1 + (c / 5));
                chunk.Parameters.AddWithValue("$x", string.Join(' ',
                    Enumerable.Range(0, 60).Select(_ => _vocabulary[_random.Next(_vocabulary.Length)])));
                chunk.Parameters.AddWithValue("$e", VectorCodec.ToBytes(Vector()));
                chunk.ExecuteNonQuery();
            }
        }
    }

    private static string Word(int i)
    {
        const string Letters = "abcdefghijklmnopqrstuvwxyz";
        var random = new Random(i);
        return new string(Enumerable.Range(0, 4 + random.Next(6)).Select(_ => Letters[random.Next(Letters.Length)]).ToArray());
    }
}
