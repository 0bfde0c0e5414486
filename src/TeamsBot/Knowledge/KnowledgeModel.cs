using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Collections;

namespace TeamsBot.Knowledge;

/// <summary>The knowledge tables, added to the bot's one database by <see cref="Storage.BotDbContext"/>.</summary>
internal static class KnowledgeModel
{
    public const string DocumentsTable = "knowledge_documents";
    public const string ChunksTable = "knowledge_chunks";
    public const string CollectionsTable = "knowledge_collections";

    /// <summary>The keyword index over passages (SQLite FTS5), kept by triggers; see <see cref="KnowledgeSearchSql"/>.</summary>
    public const string ChunksFtsTable = "knowledge_chunks_fts";

    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<KnowledgeDocumentRecord>(document =>
        {
            document.ToTable(DocumentsTable);
            document.HasKey(d => d.Id);
            document.Property(d => d.TenantId).HasMaxLength(128);
            document.Property(d => d.OwnerUserId).HasMaxLength(256);
            document.Property(d => d.CollectionId).HasMaxLength(128);
            document.Property(d => d.SourceKind).HasMaxLength(32);
            document.Property(d => d.SourceKey).HasMaxLength(512);
            document.Property(d => d.Name).HasMaxLength(512);
            document.Property(d => d.FileType).HasConversion<string>().HasMaxLength(16);
            document.Property(d => d.ContentHash).HasMaxLength(64);
            document.Property(d => d.EmbeddingModel).HasMaxLength(128);
            document.Property(d => d.SourceVersion).HasMaxLength(128);
            document.HasIndex(d => new { d.TenantId, d.OwnerUserId });
            document.HasIndex(d => new { d.TenantId, d.CollectionId });
            // One row per document of a source; sending a file again replaces it. The key names the owner or the
            // collection (see SourceKey), since a unique index treats NULL owners as all different.
            document.HasIndex(d => new { d.TenantId, d.SourceKind, d.SourceKey }).IsUnique();
            document.Property(d => d.IndexingLeaseOwner).HasMaxLength(128);
            document.Property(d => d.NoticeActivityId).HasMaxLength(256);
            document.HasIndex(d => d.State);
        });

        modelBuilder.Entity<KnowledgeCollectionRecord>(collection =>
        {
            collection.ToTable(CollectionsTable);
            collection.HasKey(c => c.Id);
            collection.Property(c => c.Id).HasMaxLength(128);
            collection.Property(c => c.TenantId).HasMaxLength(128);
            collection.Property(c => c.Name).HasMaxLength(KnowledgeCollectionRecord.MaxNameLength);
            collection.Property(c => c.SourceKind).HasMaxLength(32);
            collection.Property(c => c.Location).HasMaxLength(1024);
            collection.Property(c => c.Readers).HasMaxLength(16_384);
            collection.Property(c => c.CreatedBy).HasMaxLength(256);
            collection.Property(c => c.IndexLeaseOwner).HasMaxLength(128);
            collection.HasIndex(c => new { c.TenantId, c.Name }).IsUnique();
            collection.HasIndex(c => c.NextIndexAt);
        });

        modelBuilder.Entity<KnowledgeChunkRecord>(chunk =>
        {
            chunk.ToTable(ChunksTable);
            chunk.HasKey(c => c.Id);
            chunk.Property(c => c.Heading).HasMaxLength(512);
            chunk.HasIndex(c => new { c.DocumentId, c.Ordinal });
            chunk.HasOne<KnowledgeDocumentRecord>().WithMany().HasForeignKey(c => c.DocumentId)
                .OnDelete(DeleteBehavior.Cascade);
        });
    }
}
