using TeamsBot.Reports;

namespace TeamsBot.Tests.Reports;

public sealed class ReportOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new ReportOptionsValidator().Validate(null, new ReportOptions()).Succeeded);
    }

    [Theory]
    [InlineData(-0.01, 0, 5, null, "Reports:PricePer1KInputTokens must be between 0 and 1000.")]
    [InlineData(0, 1500, 5, null, "Reports:PricePer1KOutputTokens must be between 0 and 1000.")]
    [InlineData(0, 0, 0, null, "Reports:MinGroupSize must be between 1 and 1000.")]
    [InlineData(0, 0, 5, "IT admins", "Reports:AdminGroup must be a Microsoft Entra group object id (a GUID), or empty.")]
    public void Validate_BadValue_NamesTheKey(double input, double output, int k, string? adminGroup, string expected)
    {
        var result = new ReportOptionsValidator().Validate(null, new ReportOptions
        {
            PricePer1KInputTokens = (decimal)input,
            PricePer1KOutputTokens = (decimal)output,
            MinGroupSize = k,
            AdminGroup = adminGroup,
        });

        Assert.Equal([expected], result.Failures);
    }
}
