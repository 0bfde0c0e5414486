using TeamsBot.Model;

namespace TeamsBot.Tests.Model;

public sealed class ModelOptionsValidatorTests
{
    private readonly ModelOptionsValidator _validator = new();

    [Fact]
    public void Validate_NothingConfigured_Succeeds()
    {
        Assert.True(_validator.Validate(null, new ModelOptions()).Succeeded);
    }

    [Theory]
    [InlineData("cl100k_base")]
    [InlineData("gpt-4o")]
    [InlineData("")]
    public void Validate_UnsupportedTokenizer_NamesTokenizer(string tokenizer)
    {
        var result = _validator.Validate(null, new ModelOptions { Tokenizer = tokenizer });

        Assert.False(result.Succeeded);
        Assert.Contains("Model:Tokenizer must be o200k_base", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("o200k_base")]
    [InlineData("O200k_Base")]
    [InlineData("o200k_harmony")]
    public void Validate_SupportedTokenizer_Succeeds(string tokenizer)
    {
        Assert.True(_validator.Validate(null, new ModelOptions { Tokenizer = tokenizer }).Succeeded);
    }

    [Fact]
    public void Validate_EndpointWithoutProvider_NamesProvider()
    {
        var result = _validator.Validate(null, new ModelOptions { Endpoint = new Uri("http://localhost:11434/v1") });

        Assert.Contains("Model:Provider", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AzureWithoutEndpointOrDeployment_NamesBothKeys()
    {
        var result = _validator.Validate(null, new ModelOptions { Provider = ModelProvider.AzureOpenAI });

        Assert.Contains("Model:Endpoint is required for Azure OpenAI", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Model:Deployment is required", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_AzureOverPlainHttp_Fails()
    {
        var result = _validator.Validate(null, new ModelOptions
        {
            Provider = ModelProvider.AzureOpenAI,
            Endpoint = new Uri("http://contoso.openai.azure.com/"),
            Deployment = "gpt-4o",
        });

        Assert.Contains("https", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OllamaOnLoopback_Succeeds()
    {
        Assert.True(_validator.Validate(null, new ModelOptions
        {
            Provider = ModelProvider.OpenAI,
            Endpoint = new Uri("http://localhost:11434/v1"),
            Deployment = "llama3.1",
        }).Succeeded);
    }

    [Fact]
    public void Validate_ZeroTimeout_NamesTimeout()
    {
        var result = _validator.Validate(null, new ModelOptions
        {
            Provider = ModelProvider.OpenAI,
            Endpoint = new Uri("http://localhost:11434/v1"),
            Deployment = "llama3.1",
            Timeout = TimeSpan.Zero,
        });

        Assert.Contains("Model:Timeout", result.FailureMessage, StringComparison.Ordinal);
    }
}
