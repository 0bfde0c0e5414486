using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsBot.Audit;

/// <summary>
/// The audit table. No foreign keys to conversations: deleting a conversation must neither cascade into the audit log
/// nor be blocked by it. The migration adds triggers that reject UPDATE and DELETE.
/// </summary>
internal sealed class AuditRecordConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public const string TableName = "audit_log";

    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(r => r.Sequence);
        // The appender assigns the next number under a lock; the database must not invent one.
        builder.Property(r => r.Sequence).ValueGeneratedNever();
        // SQLite hands DateTime back as Unspecified; the value is always UTC.
        builder.Property(r => r.Timestamp).HasConversion(
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        builder.Property(r => r.Decision).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.ContentSha256).HasMaxLength(64);
        builder.Property(r => r.PreviousHash).HasMaxLength(64);
        builder.Property(r => r.Hash).HasMaxLength(64);
        builder.HasIndex(r => r.Timestamp);
    }
}
