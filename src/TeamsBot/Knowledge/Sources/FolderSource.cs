using Microsoft.Extensions.Options;
using TeamsBot.Knowledge.Collections;

namespace TeamsBot.Knowledge.Sources;

/// <summary>
/// A collection's documents from a folder the server can read, under one of Knowledge:Collections:AllowedRoots. Only
/// plain files inside the folder are listed and read: links (to files or folders) are skipped when listing and refused
/// when reading, hidden files and folders are skipped, and a path with <c>..</c> is refused. The file actually opened
/// is checked again (on Linux through <c>/proc/self/fd</c>), so a link swapped in after listing is refused too.
/// </summary>
internal sealed partial class FolderSource(IOptionsMonitor<CollectionOptions> options, ILogger<FolderSource> logger)
    : IDocumentSource, ICollectionSource
{
    public const string SourceKind = "folder";

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public string Kind => SourceKind;

    public string NormaliseLocation(string location)
    {
        if (string.IsNullOrWhiteSpace(location) || !Path.IsPathFullyQualified(location))
        {
            throw new CollectionLocationException("The folder must be an absolute path.");
        }

        if (HasParentSegment(location))
        {
            throw new CollectionLocationException("The folder must not contain '..'.");
        }

        if (!Directory.Exists(location))
        {
            throw new CollectionLocationException("The folder does not exist or the server cannot read it.");
        }

        string real = RealPath(Path.GetFullPath(location));
        var roots = options.CurrentValue.AllowedRoots.Where(Directory.Exists).Select(r => RealPath(Path.GetFullPath(r)));
        if (!roots.Any(root => IsInside(real, root) || string.Equals(real, root, PathComparison)))
        {
            throw new CollectionLocationException(
                "The folder is not under Knowledge:Collections:AllowedRoots (links resolved); ask whoever runs the bot to allow its share.");
        }

        return real;
    }

    public Task<IReadOnlyList<ListedDocument>> ListAsync(string location, int maxDocuments, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(location);
        // Registered folders are checked again each run: the allowed roots may have narrowed since.
        string folder = NormaliseLocation(location);
        if (!string.Equals(folder, location, PathComparison))
        {
            throw new CollectionLocationException("The folder now resolves elsewhere (a link changed); register it again.");
        }

        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            // Links are never followed; hidden and system entries (.git, temp files) are not documents.
            AttributesToSkip = FileAttributes.ReparsePoint | FileAttributes.Hidden | FileAttributes.System,
            IgnoreInaccessible = true,
            ReturnSpecialDirectories = false,
        };
        var listed = new List<ListedDocument>();
        foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*", enumeration))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (file.Name.StartsWith('.') || KnowledgeFileTypes.Of(file.Name, null) is not { } type)
            {
                continue;
            }

            if (listed.Count == maxDocuments)
            {
                throw new CollectionLocationException(
                    $"The folder has more than {maxDocuments} documents (Knowledge:Collections:MaxDocumentsPerCollection).");
            }

            string key = Path.GetRelativePath(folder, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            string version = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{file.Length}:{file.LastWriteTimeUtc.Ticks}");
            listed.Add(new ListedDocument(key, key, type, new Uri(file.FullName), version));
        }

        return Task.FromResult<IReadOnlyList<ListedDocument>>(listed.OrderBy(d => d.Key, StringComparer.Ordinal).ToList());
    }

    public async Task<byte[]> ReadAsync(SourceDocument document, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.Container is not { Length: > 0 } container || !document.Location.IsFile)
        {
            throw new FileRefusedException(FileRefusal.OutsideCollection);
        }

        string path = document.Location.LocalPath;
        if (HasParentSegment(path) || !IsInside(Path.GetFullPath(path), container))
        {
            LogOutside(document.Access.CollectionId);
            throw new FileRefusedException(FileRefusal.OutsideCollection);
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new FileRefusedException(FileRefusal.DownloadFailed, exception);
        }

        await using (stream)
        {
            // What was opened, not what the name pointed at a moment before: a link anywhere on the path shows here.
            string opened = OpenedPath(stream, path);
            if (!string.Equals(opened, path, PathComparison) || !IsInside(opened, container))
            {
                LogOutside(document.Access.CollectionId);
                throw new FileRefusedException(FileRefusal.OutsideCollection);
            }

            if (stream.Length > maxBytes)
            {
                throw new FileRefusedException(FileRefusal.TooLarge);
            }

            var content = new byte[stream.Length];
            int total = 0;
            int read;
            while (total < content.Length && (read = await stream.ReadAsync(content.AsMemory(total), cancellationToken)) > 0)
            {
                total += read;
            }

            return total == content.Length ? content : content[..total];
        }
    }

    /// <summary>The path with every link on it resolved, component by component.</summary>
    internal static string RealPath(string fullPath)
    {
        string root = Path.GetPathRoot(fullPath)!;
        string current = root;
        foreach (string part in fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = RealPath(Path.GetFullPath(target.FullName));
            }
        }

        return current;
    }

    private static string OpenedPath(FileStream stream, string path)
    {
        if (OperatingSystem.IsLinux())
        {
            string descriptor = "/proc/self/fd/" + stream.SafeFileHandle.DangerousGetHandle().ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (File.ResolveLinkTarget(descriptor, returnFinalTarget: false) is { } target)
            {
                return target.FullName;
            }
        }

        return RealPath(Path.GetFullPath(path));
    }

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(Path.TrimEndingDirectorySeparator(folder) + Path.DirectorySeparatorChar, PathComparison);

    private static bool HasParentSegment(string path) =>
        path.Split('/', '\\').Any(segment => segment == "..");

    [LoggerMessage(EventId = 1940, Level = LogLevel.Warning,
        Message = "Collection {CollectionId}: a document outside its folder (a link or '..') was refused")]
    private partial void LogOutside(string? collectionId);
}
