using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;
using TeamsBot.History;
using TeamsBot.Lifecycle;

namespace TeamsBot.Storage;

/// <summary>
/// The bot's one database. Each provider has a subclass that owns its migrations (SQLite and PostgreSQL generate
/// different SQL), so the model itself is defined once, here.
/// </summary>
public abstract class BotDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<TurnRecord> Turns => Set<TurnRecord>();

    public DbSet<AnswerMessageRecord> AnswerMessages => Set<AnswerMessageRecord>();

    public DbSet<FeedbackRecord> Feedback => Set<FeedbackRecord>();

    public DbSet<WelcomeRecord> Welcomes => Set<WelcomeRecord>();

    public DbSet<LegalHoldRecord> LegalHolds => Set<LegalHoldRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new Quota.UsageCounterConfiguration());
        modelBuilder.Entity<ConversationRecord>(conversation =>
        {
            conversation.ToTable("conversations");
            conversation.HasKey(c => c.Id);
            conversation.Property(c => c.Id).HasMaxLength(512);
            conversation.Property(c => c.TenantId).HasMaxLength(128);
            conversation.Property(c => c.Scope).HasConversion<string>().HasMaxLength(16);
            conversation.Property(c => c.LeaseOwner).HasMaxLength(128);
        });

        modelBuilder.Entity<TurnRecord>(turn =>
        {
            turn.ToTable("turns");
            turn.HasKey(t => t.Id);
            turn.Property(t => t.ConversationId).HasMaxLength(512);
            turn.Property(t => t.ActivityId).HasMaxLength(256);
            turn.Property(t => t.Role).HasConversion<string>().HasMaxLength(16);
            turn.Property(t => t.Status).HasConversion<string>().HasMaxLength(16);
            turn.Property(t => t.TenantId).HasMaxLength(128);
            turn.Property(t => t.UserId).HasMaxLength(256);
            turn.Property(t => t.UserName).HasMaxLength(256);
            // Re-delivered activities collide here and are answered once; assistant turns have no activity id.
            turn.HasIndex(t => new { t.ConversationId, t.ActivityId }).IsUnique();
            turn.HasIndex(t => new { t.ConversationId, t.ContextEpoch, t.Id });
            turn.HasIndex(t => new { t.Status, t.CreatedAt });
            // Without statistics (a young SQLite database) the claim finds undelivered answers through this index;
            // without it, through the status index above, which holds every answered turn (a higher memory peak).
            turn.HasIndex(t => new { t.Status, t.AnswerDeliveredAt });
            // The turns with work left, a handful among millions: claiming work reads this, never the table.
            turn.HasIndex(t => new { t.ConversationId, t.Id }, TeamsBot.Turns.TurnLedger.UnfinishedIndex)
                .HasFilter(TeamsBot.Turns.TurnLedger.UnfinishedSql);
            // An answer found by its question (delivering a stored answer).
            turn.HasIndex(t => t.ReplyToId);
            turn.Property(t => t.AnswerNote).HasMaxLength(1024);
            // The retention purge finds old turns by age.
            turn.HasIndex(t => t.CreatedAt);
            turn.HasOne<ConversationRecord>().WithMany().HasForeignKey(t => t.ConversationId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<AnswerMessageRecord>(message =>
        {
            message.ToTable("answer_messages");
            message.HasKey(m => new { m.ConversationId, m.MessageId });
            message.Property(m => m.ConversationId).HasMaxLength(512);
            message.Property(m => m.MessageId).HasMaxLength(256);
            // "Forget me" deletes the turn; the map to its answer's messages goes with it.
            message.HasOne<TurnRecord>().WithMany().HasForeignKey(m => m.TurnId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<FeedbackRecord>(feedback =>
        {
            feedback.ToTable("feedback");
            feedback.HasKey(f => f.Id);
            feedback.Property(f => f.TenantId).HasMaxLength(128);
            feedback.Property(f => f.UserId).HasMaxLength(256);
            feedback.Property(f => f.Reaction).HasConversion<string>().HasMaxLength(16);
            feedback.Property(f => f.Comment).HasMaxLength(FeedbackRecord.MaxCommentLength);
            // A user's second reaction to an answer replaces the first.
            feedback.HasIndex(f => new { f.TurnId, f.UserId }).IsUnique();
            feedback.HasIndex(f => new { f.TenantId, f.UserId });
            feedback.HasOne<TurnRecord>().WithMany().HasForeignKey(f => f.TurnId).OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.Entity<WelcomeRecord>(welcome =>
        {
            welcome.ToTable("welcomes");
            // The key is what makes "once" atomic: of concurrent install events, one insert wins.
            welcome.HasKey(w => w.ConversationId);
            welcome.Property(w => w.ConversationId).HasMaxLength(512);
        });

        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
        modelBuilder.ApplyConfiguration(new AuditSubjectConfiguration());
        Knowledge.KnowledgeModel.Configure(modelBuilder);
        modelBuilder.ApplyConfiguration(new LegalHoldConfiguration());
    }
}
