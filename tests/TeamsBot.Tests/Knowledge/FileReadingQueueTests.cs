using TeamsBot.Dlp;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Sources;

namespace TeamsBot.Tests.Knowledge;

/// <summary>The in-memory queue of files to read is bounded by reservations made at receipt.</summary>
public sealed class FileReadingQueueTests
{
    [Fact]
    public async Task TryReserve_QueueFull_RefusedUntilAReaderTakesAJob()
    {
        var queue = new FileReadingQueue();
        var reserved = Enumerable.Range(0, FileReadingQueue.Capacity).Select(_ => queue.TryReserve()).ToList();

        bool overCapacity = queue.TryReserve();
        queue.Enqueue(Job(1));
        var taken = await queue.DequeueAsync(default);
        bool afterTaken = queue.TryReserve();

        Assert.All(reserved, Assert.True);
        Assert.False(overCapacity);
        Assert.Equal(1, taken.ReadingId);
        Assert.True(afterTaken);
        Assert.Equal(FileReadingQueue.Capacity, queue.Waiting);
    }

    [Fact]
    public void ToString_Job_NeverTheDownloadLink()
    {
        Assert.DoesNotContain("tempauth", Job(7).ToString(), StringComparison.Ordinal);
    }

    private static FileReadingJob Job(long id) => new(id,
        new SourceDocument(TeamsFileSource.SourceKind, "megan/a", "a.txt", KnowledgeFileType.PlainText,
            new Uri("https://contoso-my.sharepoint.com/personal/megan/a.txt?tempauth=secret"),
            DocumentAccess.Owner("tenant", "megan")),
        new DlpOptions(), new IndexingNotice("{}", "activity-1"));
}
