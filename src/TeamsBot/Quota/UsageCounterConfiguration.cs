using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TeamsBot.Quota;

/// <summary>Lower-case names: the ledger's upserts are hand-written SQL shared by SQLite and PostgreSQL.</summary>
internal sealed class UsageCounterConfiguration : IEntityTypeConfiguration<UsageCounter>
{
    public void Configure(EntityTypeBuilder<UsageCounter> builder)
    {
        builder.ToTable("usage_counters");
        builder.HasKey(c => new { c.Day, c.Subject });
        builder.Property(c => c.Day).HasColumnName("day").HasMaxLength(10);
        builder.Property(c => c.Subject).HasColumnName("subject").HasMaxLength(300);
        builder.Property(c => c.Messages).HasColumnName("messages");
        builder.Property(c => c.Tokens).HasColumnName("tokens");
    }
}
