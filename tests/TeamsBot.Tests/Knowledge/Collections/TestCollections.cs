using TeamsBot.Knowledge.Collections;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>A folder collection as an admin registers it from the command line, for tests that need one in the store.</summary>
internal static class TestCollections
{
    public static KnowledgeCollectionRecord Folder(string tenant, string name, string readers, string? id = null,
        DateTime? registeredAt = null) => new()
        {
            Id = id ?? Guid.NewGuid().ToString("N"),
            TenantId = tenant,
            Name = name,
            SourceKind = "folder",
            Location = "/srv/" + name,
            Readers = readers,
            CreatedBy = "cli",
            CreatedAt = registeredAt ?? default,
            NextIndexAt = registeredAt ?? DateTime.UtcNow,
        };
}
