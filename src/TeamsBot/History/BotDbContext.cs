using Microsoft.EntityFrameworkCore;
using TeamsBot.Audit;

namespace TeamsBot.History;

/// <summary>
/// The bot's one database. Each provider has a subclass that owns its migrations (SQLite and PostgreSQL generate
/// different SQL), so the model itself is defined once, here.
/// </summary>
public abstract class BotDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<ConversationRecord> Conversations => Set<ConversationRecord>();

    public DbSet<TurnRecord> Turns => Set<TurnRecord>();

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
            turn.HasOne<ConversationRecord>().WithMany().HasForeignKey(t => t.ConversationId)
                .OnDelete(DeleteBehavior.Cascade);
        });

        modelBuilder.ApplyConfiguration(new AuditRecordConfiguration());
    }
}
