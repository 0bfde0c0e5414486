using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsBot.Lifecycle;

/// <summary>
/// The holds table. No foreign keys: a hold must outlive the rows it protects being absent (a user held before
/// writing anything, a conversation the bot has not stored yet).
/// </summary>
internal sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHoldRecord>
{
    public const string TableName = "legal_holds";

    public void Configure(EntityTypeBuilder<LegalHoldRecord> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(h => h.Id);
        builder.Property(h => h.TenantId).HasMaxLength(128);
        builder.Property(h => h.UserId).HasMaxLength(256);
        builder.Property(h => h.ConversationId).HasMaxLength(512);
        builder.Property(h => h.Reason).HasMaxLength(LegalHoldRecord.MaxReasonLength);
        builder.Property(h => h.PlacedBy).HasMaxLength(256);
        builder.HasIndex(h => new { h.TenantId, h.UserId });
        builder.HasIndex(h => new { h.TenantId, h.ConversationId });
        builder.ToTable(t => t.HasCheckConstraint("ck_legal_holds_one_target",
            "(\"UserId\" IS NULL) <> (\"ConversationId\" IS NULL)"));
    }
}
