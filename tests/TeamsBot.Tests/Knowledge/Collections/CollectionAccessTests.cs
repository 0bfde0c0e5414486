using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Tests.Reports;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Collections;

/// <summary>Who reads which collection, with transitive membership read from the Graph double over HTTP.</summary>
public sealed class CollectionAccessTests : IAsyncLifetime
{
    private const string Tenant = "tenant-1";
    private readonly TempSqliteDatabase _database = new();
    private readonly HttpClient _http = new();
    private GraphDouble _graph = null!;
    private CollectionStore _store = null!;
    private KnowledgeCollectionRecord _legal = null!;
    private KnowledgeCollectionRecord _handbook = null!;

    public async Task InitializeAsync()
    {
        _graph = await GraphDouble.StartAsync();
        // Transitive: Graph lists nested groups too (g-legal-team sits inside g-legal in the directory).
        _graph.Users["ann"] = ("Ann", "Legal", ["g-legal-team", "g-legal", "g-staff", "g-x1", "g-x2"]);
        _graph.Users["bob"] = ("Bob", "Sales", ["g-sales", "g-staff"]);
        _store = new CollectionStore(_database);
        _legal = await AddAsync("legal", "group:g-legal");
        _handbook = await AddAsync("handbook", "group:g-staff,user:carol");
        await AddAsync("board", "user:dave");
    }

    public async Task DisposeAsync()
    {
        await _graph.DisposeAsync();
        _http.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task ResolveAsync_MemberOfReaderGroupsOverSeveralPages_ExactlyThoseCollections()
    {
        var ann = await Access().ResolveAsync(Tenant, "ann", default);
        var bob = await Access().ResolveAsync(Tenant, "bob", default);

        Assert.False(ann.CollectionsWithheld);
        Assert.Equal(new[] { _handbook.Id, _legal.Id }.Order(), ann.Access.CollectionIds.Order());
        Assert.Equal([_handbook.Id], bob.Access.CollectionIds);
        Assert.Equal(("ann", Tenant), (ann.Access.UserId, ann.Access.TenantId));
    }

    [Fact]
    public async Task ResolveAsync_NamedAsAUser_ReadsItWithoutAnyGroup()
    {
        _graph.Users["carol"] = ("Carol", "IT", []);

        var carol = await Access().ResolveAsync(Tenant, "carol", default);

        Assert.Equal([_handbook.Id], carol.Access.CollectionIds);
    }

    [Fact]
    public async Task ResolveAsync_GraphDown_NoCollectionAtAllAndWithheldSaid()
    {
        _graph.FailWith = 503;

        var ann = await Access().ResolveAsync(Tenant, "ann", default);
        var dave = await Access().ResolveAsync(Tenant, "dave", default);

        Assert.True(ann.CollectionsWithheld);
        Assert.Empty(ann.Access.CollectionIds);
        // Fail closed: not even the collection naming dave himself.
        Assert.True(dave.CollectionsWithheld);
        Assert.Empty(dave.Access.CollectionIds);
    }

    [Fact]
    public async Task ResolveAsync_AppWithoutGroupMemberReadAll_Refused403AndNoCollection()
    {
        var access = new CollectionAccess(_store,
            GraphDoubleDirectory.Create(_graph, _http, roles: [GraphDouble.UserReadBasicAll]),
            NullLogger<CollectionAccess>.Instance);

        var ann = await access.ResolveAsync(Tenant, "ann", default);

        Assert.True(ann.CollectionsWithheld);
        Assert.Empty(ann.Access.CollectionIds);
        Assert.Contains(_graph.Denied, r => r.Contains("/transitiveMemberOf/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResolveAsync_RemovedFromTheGroup_AccessEndsWhenTheCacheLifetimeEnds()
    {
        var access = Access(TimeSpan.FromSeconds(1));
        var before = await access.ResolveAsync(Tenant, "bob", default);

        _graph.Users["bob"] = ("Bob", "Sales", ["g-sales"]);
        var cached = await access.ResolveAsync(Tenant, "bob", default);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var after = await access.ResolveAsync(Tenant, "bob", default);

        Assert.Equal([_handbook.Id], before.Access.CollectionIds);
        Assert.Equal([_handbook.Id], cached.Access.CollectionIds);
        Assert.Empty(after.Access.CollectionIds);
    }

    [Fact]
    public async Task ResolveAsync_NoCollectionInTheTenant_GraphNotAsked()
    {
        var other = await Access().ResolveAsync("tenant-2", "ann", default);

        Assert.Empty(other.Access.CollectionIds);
        Assert.Empty(_graph.Requests);
    }

    private CollectionAccess Access(TimeSpan? cacheTtl = null) =>
        new(_store, GraphDoubleDirectory.Create(_graph, _http, cacheTtl: cacheTtl), NullLogger<CollectionAccess>.Instance);

    private async Task<KnowledgeCollectionRecord> AddAsync(string name, string readers)
    {
        var collection = TestCollections.Folder(Tenant, name, readers);
        Assert.True(await _store.AddAsync(collection, default));
        return collection;
    }
}
