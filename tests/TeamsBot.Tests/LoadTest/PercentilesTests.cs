using TeamsBot.LoadTest;

namespace TeamsBot.Tests.LoadTest;

public sealed class PercentilesTests
{
    private static readonly double[] OneToTen = [7, 3, 10, 1, 9, 2, 8, 4, 6, 5];

    [Theory]
    [InlineData(50, 5)]
    [InlineData(90, 9)]
    [InlineData(99, 10)]
    [InlineData(100, 10)]
    [InlineData(10, 1)]
    [InlineData(0, 1)]
    public void Of_UnsortedValues_NearestRankOfTheSortedValues(double percent, double expected)
    {
        Assert.Equal(expected, Percentiles.Of(OneToTen, percent));
    }

    [Fact]
    public void Of_FewValues_ReportsAMeasuredValueNotAnInterpolation()
    {
        double[] values = [10, 1000];

        Assert.Equal(10, Percentiles.Of(values, 50));
        Assert.Equal(1000, Percentiles.Of(values, 51));
    }

    [Fact]
    public void Of_NoValues_NaN()
    {
        Assert.True(double.IsNaN(Percentiles.Of([], 99)));
    }

    [Fact]
    public void Of_PercentOutsideZeroToHundred_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of(OneToTen, 101));
    }

    [Theory]
    [InlineData(new double[] { 3, 1, 2 }, 2)]
    [InlineData(new double[] { 4, 1, 3, 2 }, 2.5)]
    [InlineData(new double[] { 42 }, 42)]
    public void Median_RoundFigures_MiddleOrMeanOfTheMiddleTwo(double[] values, double expected)
    {
        Assert.Equal(expected, Percentiles.Median(values));
    }
}
