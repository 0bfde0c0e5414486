using TeamsBot.Tests.Infra;

namespace TeamsBot.Tests.AppPackage;

/// <summary>Teams' icon rules: color 192x192; outline 32x32 in white on a transparent background only.</summary>
public sealed class IconTests
{
    private static string ColorPath => Path.Combine(RepositoryPaths.AppPackage, "color.png");

    private static string OutlinePath => Path.Combine(RepositoryPaths.AppPackage, "outline.png");

    [Fact]
    public void ColorIcon_Size_Is192x192()
    {
        var image = PngImage.Load(ColorPath);

        Assert.Equal((192, 192), (image.Width, image.Height));
    }

    [Fact]
    public void ColorIcon_Content_IsADrawingNotAPlaceholder()
    {
        var image = PngImage.Load(ColorPath);

        var colors = Enumerable.Range(0, image.Width * image.Height)
            .Select(i => image[i % image.Width, i / image.Width])
            .Distinct()
            .Count();

        Assert.True(colors >= 16, $"color.png has only {colors} distinct colours");
        Assert.Equal(255, image[0, 0].A);
        Assert.Equal((255, 255, 255, 255), image[96, 48]);
    }

    [Fact]
    public void OutlineIcon_Size_Is32x32()
    {
        var image = PngImage.Load(OutlinePath);

        Assert.Equal((32, 32), (image.Width, image.Height));
    }

    [Fact]
    public void OutlineIcon_EveryPixel_IsWhiteOrFullyTransparent()
    {
        var image = PngImage.Load(OutlinePath);
        var offending = new List<string>();

        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b, a) = image[x, y];
                if (a != 0 && (r, g, b) != (255, 255, 255))
                {
                    offending.Add($"({x},{y})=rgba({r},{g},{b},{a})");
                }
            }
        }

        Assert.True(offending.Count == 0, "outline.png has pixels that are neither white nor transparent: " + string.Join(' ', offending.Take(20)));
    }

    [Fact]
    public void OutlineIcon_Background_IsTransparentAndSymbolVisible()
    {
        var image = PngImage.Load(OutlinePath);
        var pixels = image.Width * image.Height;
        var transparent = Enumerable.Range(0, pixels).Count(i => image[i % image.Width, i / image.Width].A == 0);
        var opaque = Enumerable.Range(0, pixels).Count(i => image[i % image.Width, i / image.Width].A == 255);

        Assert.True(transparent >= pixels / 4, $"only {transparent} of {pixels} pixels are transparent");
        Assert.True(opaque >= pixels / 10, $"only {opaque} of {pixels} pixels are solid white");
        Assert.Equal(0, image[0, 31].A + image[31, 31].A + image[31, 0].A);
    }

    [Fact]
    public async Task IconsScript_Run_ReproducesTheCommittedIcons()
    {
        var output = Directory.CreateTempSubdirectory("teamsbot-icons-");
        try
        {
            var result = await PackageToolRunner.RunIconsAsync(output.FullName);

            Assert.True(result.ExitCode == 0, result.Output);
            Assert.Equal(PngImage.Load(ColorPath).Rgba, PngImage.Load(Path.Combine(output.FullName, "color.png")).Rgba);
            Assert.Equal(PngImage.Load(OutlinePath).Rgba, PngImage.Load(Path.Combine(output.FullName, "outline.png")).Rgba);
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
