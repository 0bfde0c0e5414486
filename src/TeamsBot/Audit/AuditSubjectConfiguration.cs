using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsBot.Audit;

/// <summary>The audit subjects' keys: one row per person, deleted when they are forgotten.</summary>
internal sealed class AuditSubjectConfiguration : IEntityTypeConfiguration<AuditSubjectRecord>
{
    public const string TableName = "audit_subjects";

    public void Configure(EntityTypeBuilder<AuditSubjectRecord> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.TenantId).HasMaxLength(128);
        builder.Property(s => s.UserId).HasMaxLength(256);
        builder.Property(s => s.WrappedKey).HasMaxLength(60);
        // Two instances creating the same person's key at once: one insert wins, the other reads it.
        builder.HasIndex(s => new { s.TenantId, s.UserId }).IsUnique();
        builder.Property(s => s.CreatedAt).HasConversion(
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    }
}
