using TeamsBot.Knowledge.Embeddings;

namespace TeamsBot.Tests.Knowledge.Embeddings;

public sealed class LocalEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_Sentences_UnitVectorsCloserForTheSameMeaning()
    {
        using var generator = new LocalEmbeddingGenerator();

        var vectors = await generator.GenerateAsync(
            ["How many days of annual leave do employees get?", "Staff are entitled to 25 vacation days a year.",
                "The data centre's cooling failed on Tuesday."]);

        Assert.All(vectors, v => Assert.Equal(LocalEmbeddingGenerator.Dimensions, v.Vector.Length));
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(VectorCodec.Dot(v.Vector.Span, v.Vector.Span)), 3));
        Assert.All(vectors, v => Assert.Equal(LocalEmbeddingGenerator.ModelId, v.ModelId));
        float related = VectorCodec.Dot(vectors[0].Vector.Span, vectors[1].Vector.Span);
        float unrelated = VectorCodec.Dot(vectors[0].Vector.Span, vectors[2].Vector.Span);
        Assert.True(related > 0.4 && unrelated < 0.2, $"related {related:F2}, unrelated {unrelated:F2}");
    }

    [Fact]
    public async Task GenerateAsync_NoText_NoVectors()
    {
        using var generator = new LocalEmbeddingGenerator();

        Assert.Empty(await generator.GenerateAsync([]));
    }
}
