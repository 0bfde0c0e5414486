using System.Text;
using TeamsBot.Knowledge;
using TeamsBot.Knowledge.Extraction;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Knowledge.Extraction;

public sealed class DocumentReaderTests
{
    private static readonly ExtractionLimits Limits = ExtractionLimits.From(new KnowledgeOptions());

    [Fact]
    public void Read_Pdf_KeepsEachPagesNumber()
    {
        byte[] pdf = TestDocuments.Pdf(["Travel policy overview"], ["Hotels are booked through the portal"]);

        var sections = DocumentReader.Read(pdf, KnowledgeFileType.Pdf, Limits, default);

        Assert.Equal([1, 2], sections.Select(s => s.Page));
        Assert.Contains("Hotels are booked", sections[1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_Word_TextUnderItsHeading()
    {
        byte[] docx = TestDocuments.Docx("# Expenses", "Meals up to 40 EUR a day.", "# Travel", "Economy class only.");

        var sections = DocumentReader.Read(docx, KnowledgeFileType.Word, Limits, default);

        Assert.Equal([("Expenses", "Meals up to 40 EUR a day."), ("Travel", "Economy class only.")],
            sections.Select(s => (s.Heading, s.Text)));
    }

    [Fact]
    public void Read_PowerPoint_SlideNumberAndTitle()
    {
        byte[] pptx = TestDocuments.Pptx(("Q3 plan", "Ship the mobile app"), ("Risks", "Hiring is slow"));

        var sections = DocumentReader.Read(pptx, KnowledgeFileType.PowerPoint, Limits, default);

        Assert.Equal([(2, "Risks", "Hiring is slow")], sections.Skip(1).Select(s => (s.Page!.Value, s.Heading!, s.Text)));
        Assert.Equal("Q3 plan", sections[0].Heading);
    }

    [Fact]
    public void Read_Excel_RowsUnderTheSheetName()
    {
        byte[] xlsx = TestDocuments.Xlsx("Budget", ["Team", "Amount"], ["Sales", "1200"]);

        var section = Assert.Single(DocumentReader.Read(xlsx, KnowledgeFileType.Excel, Limits, default));

        Assert.Equal(("Budget", 1, "Team, Amount\nSales, 1200"), (section.Heading, section.Page, section.Text));
    }

    [Fact]
    public void Read_Html_HeadingsKeptScriptsDropped()
    {
        byte[] html = Encoding.UTF8.GetBytes("<html><head><title>t</title><script>steal()</script></head><body>"
            + "<h2>Parking</h2><p>Ask <b>facilities</b>.</p><script>alert(1)</script><style>p{}</style></body></html>");

        var section = Assert.Single(DocumentReader.Read(html, KnowledgeFileType.Html, Limits, default));

        Assert.Equal(("Parking", "Ask facilities."), (section.Heading, section.Text));
    }

    [Fact]
    public void Read_MarkdownAndCsv_HeadingsAndHeaderRow()
    {
        var markdown = DocumentReader.Read("# Setup\nInstall it.\n\n## Use\nRun it.\n"u8.ToArray(),
            KnowledgeFileType.Markdown, Limits, default);
        var csv = DocumentReader.Read("name,phone ext\nAda,4021\n"u8.ToArray(), KnowledgeFileType.Csv, Limits, default);

        Assert.Equal([("Setup", "Install it."), ("Use", "Run it.")], markdown.Select(s => (s.Heading, s.Text)));
        Assert.Equal(("name,phone ext", "Ada,4021"), (csv[0].Heading, csv[0].Text));
    }

    [Fact]
    public void Read_DamagedPdf_RefusedAsUnreadable()
    {
        byte[] damaged = [.. "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\nxref\n0 1\ntrailer << /Root 1 0 R >>\n%%EOF"u8, .. new byte[64]];

        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(damaged, KnowledgeFileType.Pdf, Limits, default));

        Assert.Equal(FileRefusal.Unreadable, refused.Reason);
    }

    [Theory]
    [InlineData(KnowledgeFileType.Pdf)]
    [InlineData(KnowledgeFileType.Word)]
    [InlineData(KnowledgeFileType.Excel)]
    [InlineData(KnowledgeFileType.PlainText)]
    public void Read_ContentNotOfItsType_RefusedAsUnreadable(KnowledgeFileType type)
    {
        // An executable renamed: a binary with NUL bytes and neither the PDF nor the zip signature.
        byte[] binary = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00];

        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(binary, type, Limits, default));

        Assert.Equal(FileRefusal.Unreadable, refused.Reason);
    }

    [Fact]
    public void Read_ZipBomb_RefusedBeforeUnpacking()
    {
        byte[] bomb = TestDocuments.ZipBomb(64L * 1024 * 1024);
        Assert.True(bomb.Length < 1024 * 1024, $"the bomb should be small packed, was {bomb.Length} bytes");
        long before = GC.GetTotalAllocatedBytes(precise: true);

        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(bomb, KnowledgeFileType.Word, Limits, default));

        Assert.Equal(FileRefusal.OverLimits, refused.Reason);
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 16L * 1024 * 1024, "the part was unpacked");
    }

    [Fact]
    public void Read_MoreTextThanTheLimit_RefusedNotCut()
    {
        byte[] text = Encoding.UTF8.GetBytes(string.Join("\n\n", Enumerable.Repeat("Twelve chars", 100)));

        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(text, KnowledgeFileType.PlainText,
            Limits with { MaxChars = 500 }, default));

        Assert.Equal(FileRefusal.OverLimits, refused.Reason);
    }

    [Fact]
    public void Read_MorePagesThanTheLimit_Refused()
    {
        byte[] pdf = TestDocuments.Pdf(["one"], ["two"], ["three"]);

        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(pdf, KnowledgeFileType.Pdf,
            Limits with { MaxPages = 2 }, default));

        Assert.Equal(FileRefusal.OverLimits, refused.Reason);
    }

    [Fact]
    public void Read_NoText_RefusedAsNoText()
    {
        var refused = Assert.Throws<FileRefusedException>(() => DocumentReader.Read(TestDocuments.Pdf([]),
            KnowledgeFileType.Pdf, Limits, default));

        Assert.Equal(FileRefusal.NoText, refused.Reason);
    }
}
