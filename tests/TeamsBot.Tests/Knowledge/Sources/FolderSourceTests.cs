using Microsoft.Extensions.Logging.Abstractions;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Sources;

/// <summary>The folder source on the real file system: only plain files inside the registered folder.</summary>
public sealed class FolderSourceTests : IDisposable
{
    private readonly string _root = FolderSource.RealPath(Directory.CreateTempSubdirectory("teamsbot-root-").FullName);
    private readonly string _outside = FolderSource.RealPath(Directory.CreateTempSubdirectory("teamsbot-outside-").FullName);
    private readonly FolderSource _source;

    public FolderSourceTests()
    {
        _source = new FolderSource(new FixedOptionsMonitor<CollectionOptions>(new CollectionOptions { AllowedRoots = [_root] }),
            NullLogger<FolderSource>.Instance);
        File.WriteAllText(Path.Combine(_outside, "secret.txt"), "Board minutes: the merger closes in May.");
    }

    public void Dispose()
    {
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public void NormaliseLocation_FolderUnderTheRoot_ItsFullPath()
    {
        string folder = Directory.CreateDirectory(Path.Combine(_root, "policies")).FullName;

        Assert.Equal(folder, _source.NormaliseLocation(folder + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void NormaliseLocation_FolderOutsideTheRoots_Refused()
    {
        var refused = Assert.Throws<CollectionLocationException>(() => _source.NormaliseLocation(_outside));

        Assert.Contains("AllowedRoots", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormaliseLocation_LinkUnderTheRootToAFolderOutside_Refused()
    {
        string link = Path.Combine(_root, "shared");
        Directory.CreateSymbolicLink(link, _outside);

        Assert.Throws<CollectionLocationException>(() => _source.NormaliseLocation(link));
    }

    [Theory]
    [InlineData("policies/../..")]
    [InlineData("relative/folder")]
    public void NormaliseLocation_ParentSegmentOrRelative_Refused(string location)
    {
        Directory.CreateDirectory(Path.Combine(_root, "policies"));
        string path = location.StartsWith("relative", StringComparison.Ordinal) ? location : Path.Combine(_root, location);

        Assert.Throws<CollectionLocationException>(() => _source.NormaliseLocation(path));
    }

    [Fact]
    public void NormaliseLocation_NoRootsConfigured_EveryFolderRefused()
    {
        var closed = new FolderSource(new FixedOptionsMonitor<CollectionOptions>(new CollectionOptions()), NullLogger<FolderSource>.Instance);

        Assert.Throws<CollectionLocationException>(() => closed.NormaliseLocation(_root));
    }

    [Fact]
    public async Task ListAsync_LinksHiddenAndUnknownTypes_LeftOut()
    {
        File.WriteAllText(Path.Combine(_root, "leave.txt"), "Annual leave is 25 days.");
        File.WriteAllText(Path.Combine(_root, "tool.exe"), "MZ");
        File.WriteAllText(Path.Combine(_root, ".draft.md"), "# Draft");
        Directory.CreateDirectory(Path.Combine(_root, ".git"));
        File.WriteAllText(Path.Combine(_root, ".git", "notes.txt"), "not a document");
        File.CreateSymbolicLink(Path.Combine(_root, "minutes.txt"), Path.Combine(_outside, "secret.txt"));
        Directory.CreateSymbolicLink(Path.Combine(_root, "board"), _outside);

        var listed = await _source.ListAsync(_root, 100, default);

        var document = Assert.Single(listed);
        Assert.Equal(("leave.txt", KnowledgeFileType.PlainText), (document.Key, document.Type));
    }

    [Fact]
    public async Task ReadAsync_LinkSwappedInAfterListing_RefusedAsOutsideTheCollection()
    {
        string path = Path.Combine(_root, "minutes.txt");
        File.WriteAllText(path, "Team minutes.");
        var listed = Assert.Single(await _source.ListAsync(_root, 100, default));
        File.Delete(path);
        File.CreateSymbolicLink(path, Path.Combine(_outside, "secret.txt"));

        var refused = await Assert.ThrowsAsync<FileRefusedException>(() => _source.ReadAsync(Document(listed.Location), 1_000_000, default));

        Assert.Equal(FileRefusal.OutsideCollection, refused.Reason);
    }

    [Fact]
    public async Task ReadAsync_LocationOutsideTheContainer_Refused()
    {
        var refused = await Assert.ThrowsAsync<FileRefusedException>(() =>
            _source.ReadAsync(Document(new Uri(Path.Combine(_root, "..", Path.GetFileName(_outside), "secret.txt"))), 1_000_000, default));

        Assert.Equal(FileRefusal.OutsideCollection, refused.Reason);
    }

    [Fact]
    public async Task ReadAsync_FileInsideTheFolder_ItsBytes()
    {
        string path = Path.Combine(_root, "leave.txt");
        File.WriteAllText(path, "Annual leave is 25 days.");

        byte[] content = await _source.ReadAsync(Document(new Uri(path)), 1_000_000, default);

        Assert.Equal("Annual leave is 25 days."u8.ToArray(), content);
    }

    private SourceDocument Document(Uri location) =>
        new(FolderSource.SourceKind, "c1/x", "x", KnowledgeFileType.PlainText, location,
            new DocumentAccess("tenant-1", null, "c1"), _root);
}
