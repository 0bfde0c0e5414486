using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Benchmarks;

/// <summary>
/// A month of audit records and feedback for the report benchmark, written straight into a migrated SQLite file
/// (the report reads the table; it never checks the hash chain, so the hashes here are placeholders). Seed 42.
/// </summary>
internal sealed class ReportActivity : IDbContextFactory<BotDbContext>, IDisposable
{
    public const int Users = 10_000;
    public const int TurnsPerUserPerDay = 2;
    public const int Days = 30;
    public const int Feedback = 20_000;
    public static readonly DateTime Start = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] RefusalRules =
        ["quota.user_messages", "quota.user_tokens", "policy.group", "dlp.github_token", "policy.scope.channel"];

    private static readonly string[] AuditParameters =
        ["$seq", "$ts", "$tenant", "$user", "$conversation", "$decision", "$rule", "$redactions", "$in", "$out", "$hash"];

    private readonly string _folder = Directory.CreateTempSubdirectory("teamsbot-bench-").FullName;
    private readonly DbContextOptions<SqliteBotDbContext> _options;

    public ReportActivity()
    {
        ConnectionString = $"Data Source={Path.Combine(_folder, "teamsbot.db")}";
        _options = new DbContextOptionsBuilder<SqliteBotDbContext>().UseSqlite(ConnectionString).Options;
        using var db = CreateDbContext();
        db.Database.Migrate();
    }

    public string ConnectionString { get; }

    public long Records { get; private set; }

    public BotDbContext CreateDbContext() => new SqliteBotDbContext(_options);

    public static string UserId(int user) => $"00000000-0000-4000-8000-{user:D12}";

    public void Seed()
    {
        var random = new Random(42);
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO audit_log (Sequence, Timestamp, TenantId, UserId, ConversationId, Scope, PolicyVersion, Decision,
                Rule, Redactions, Model, TokensIn, TokensOut, LatencyMs, ContentSha256, Content, PreviousHash, Hash)
            VALUES ($seq, $ts, $tenant, $user, $conversation, 'Personal', 'v1', $decision, $rule, $redactions, 'gpt-4o',
                $in, $out, 900, NULL, NULL, $hash, $hash)
            """;
        var parameters = AuditParameters.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter { ParameterName = n }));
        parameters["$hash"].Value = new string('0', 64);
        long total = (long)Users * TurnsPerUserPerDay * Days;
        var step = TimeSpan.FromTicks(TimeSpan.FromDays(Days).Ticks / total);
        for (long sequence = 1; sequence <= total; sequence++)
        {
            int user = random.Next(Users);
            int roll = random.Next(100);
            (string decision, string? rule, string? redactions) = roll switch
            {
                < 85 => ("Allowed", (string?)null, (string?)null),
                < 90 => ("Redacted", null, roll % 2 == 0 ? "{\"email\":1}" : "{\"email\":1,\"iban\":1}"),
                < 96 => ("Refused", RefusalRules[roll % RefusalRules.Length], null),
                _ => ("Failed", "model.timeout", null),
            };
            bool answered = decision is "Allowed" or "Redacted";
            parameters["$seq"].Value = sequence;
            parameters["$ts"].Value = Start + (step * (sequence - 1));
            parameters["$tenant"].Value = user % 5 == 0 ? "tenant-b" : "tenant-a";
            parameters["$user"].Value = UserId(user);
            parameters["$conversation"].Value = "a:" + user.ToString(CultureInfo.InvariantCulture);
            parameters["$decision"].Value = decision;
            parameters["$rule"].Value = (object?)rule ?? DBNull.Value;
            parameters["$redactions"].Value = (object?)redactions ?? DBNull.Value;
            parameters["$in"].Value = answered ? random.Next(200, 4000) : DBNull.Value;
            parameters["$out"].Value = answered ? random.Next(50, 1500) : DBNull.Value;
            insert.ExecuteNonQuery();
        }

        SeedFeedback(connection, transaction, random);
        transaction.Commit();
        Records = total;
    }

    /// <summary>Feedback needs a rated turn: one conversation holds them all.</summary>
    private static void SeedFeedback(SqliteConnection connection, SqliteTransaction transaction, Random random)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO conversations (Id, TenantId, Scope, ReferenceJson, ContextEpoch, CreatedAt, UpdatedAt)
            VALUES ('a:feedback', 'tenant-a', 'Personal', '{}', 0, $at, $at)
            """;
        command.Parameters.AddWithValue("$at", Start);
        command.ExecuteNonQuery();
        command.CommandText = """
            INSERT INTO turns (Id, ConversationId, ActivityId, Role, Status, Text, TokenCount, TenantId, UserId, ContextEpoch, CreatedAt)
            VALUES ($id, 'a:feedback', $id, 'User', 'Answered', '', 0, 'tenant-a', $user, 0, $at);
            INSERT INTO feedback (TurnId, TenantId, UserId, Reaction, Comment, CreatedAt, UpdatedAt)
            VALUES ($id, 'tenant-a', $user, $reaction, NULL, $at, $at);
            """;
        var id = command.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        var user = command.Parameters.Add(new SqliteParameter { ParameterName = "$user" });
        var reaction = command.Parameters.Add(new SqliteParameter { ParameterName = "$reaction" });
        for (int i = 1; i <= Feedback; i++)
        {
            id.Value = i;
            user.Value = UserId(random.Next(Users));
            reaction.Value = random.Next(4) == 0 ? "Dislike" : "Like";
            command.Parameters["$at"].Value = Start.AddMinutes(i * 2);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
