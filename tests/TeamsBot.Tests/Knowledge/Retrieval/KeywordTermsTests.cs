using TeamsBot.Knowledge.Retrieval;

namespace TeamsBot.Tests.Knowledge.Retrieval;

/// <summary>The rule both stores share; each store's counting SQL is tested in KnowledgeIndexTests.</summary>
public sealed class KeywordTermsTests
{
    private readonly object _connection = new();
    private readonly List<IReadOnlyList<string>> _counted = [];

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("policy?", new[] { "policy" })]
    [InlineData("a policy", new[] { "policy" })]
    public async Task ChooseAsync_OneTermOrNone_SearchedByWithoutCounting(string question, string[] expected)
    {
        var terms = await KeywordTerms.ChooseAsync(_connection, Query(question), CountAsync, default);

        Assert.Equal(expected, terms);
        Assert.Empty(_counted);
    }

    [Fact]
    public async Task ChooseAsync_SeveralTerms_CountedOnceThenRarestKept()
    {
        var terms = await KeywordTerms.ChooseAsync(_connection, Query("the office policy"), CountAsync, default);

        Assert.Equal(["the", "office", "policy"], Assert.Single(_counted));
        // "the" matches too many to keep beside the rarer two (see CountAsync).
        Assert.Equal(["policy", "office"], terms);
    }

    [Fact]
    public async Task ChooseAsync_NoConnection_Throws() =>
        await Assert.ThrowsAsync<ArgumentNullException>(() =>
            KeywordTerms.ChooseAsync<object>(null!, Query("office policy"), CountAsync, default));

    private static KnowledgeQuery Query(string question) =>
        new(ReaderAccess.OwnFiles("tenant", "megan"), question, [], "model", 5, 0.3);

    private Task<IReadOnlyList<(string Term, long Passages)>> CountAsync(object connection, KnowledgeQuery query,
        IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        Assert.Same(_connection, connection);
        _counted.Add(terms);
        IReadOnlyList<(string Term, long Passages)> counted =
            [.. terms.Select(t => (t, t == "the" ? (long)KeywordTerms.CountCap : t == "office" ? 20L : 3L))];
        return Task.FromResult(counted);
    }
}
