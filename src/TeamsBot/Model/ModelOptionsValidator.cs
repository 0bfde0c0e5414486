using Microsoft.Extensions.Options;

namespace TeamsBot.Model;

/// <summary>Fails startup with messages that name the key and the fix.</summary>
internal sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        var failures = new List<string>();
        if (options.OutageWait < TimeSpan.Zero || options.OutageWait > TimeSpan.FromDays(1))
        {
            failures.Add("Model:OutageWait must be between 00:00:00 and 1.00:00:00 (a message waits at most a day).");
        }

        if (options.MaxProbeDelay < TimeSpan.FromSeconds(1) || options.MaxProbeDelay > TimeSpan.FromHours(1))
        {
            failures.Add("Model:MaxProbeDelay must be between 00:00:01 and 01:00:00.");
        }

        if (options.BreakerBackoff < TimeSpan.FromSeconds(1) || options.BreakerBackoff > options.MaxProbeDelay)
        {
            failures.Add("Model:BreakerBackoff must be between 00:00:01 and Model:MaxProbeDelay.");
        }

        if (TiktokenEncodings.SpecialTokensOf(options.Tokenizer) is null)
        {
            failures.Add($"Model:Tokenizer must be {TiktokenEncodings.O200kBase} (gpt-4o, gpt-4.1, o-series, gpt-5) "
                + $"or {TiktokenEncodings.O200kHarmony} (gpt-oss).");
        }

        if (options.Provider is null)
        {
            if (options.Endpoint is not null || !string.IsNullOrWhiteSpace(options.Deployment))
            {
                failures.Add("Model:Provider is empty but Model:Endpoint or Model:Deployment is set. "
                    + "Set Model:Provider to AzureOpenAI or OpenAI.");
            }

            return Result(failures);
        }

        if (options.Endpoint is null)
        {
            failures.Add(options.Provider == ModelProvider.AzureOpenAI
                ? "Model:Endpoint is required for Azure OpenAI, e.g. https://my-resource.openai.azure.com/."
                : "Model:Endpoint is required for an OpenAI-compatible server, e.g. http://localhost:11434/v1.");
        }
        else if (!options.Endpoint.IsAbsoluteUri || options.Endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add("Model:Endpoint must be an absolute http or https URL.");
        }
        else if (options.Provider == ModelProvider.AzureOpenAI && options.Endpoint.Scheme != "https"
            && !options.Endpoint.IsLoopback)
        {
            failures.Add("Model:Endpoint must use https for Azure OpenAI.");
        }

        if (string.IsNullOrWhiteSpace(options.Deployment))
        {
            failures.Add(options.Provider == ModelProvider.AzureOpenAI
                ? "Model:Deployment is required: the name of the Azure OpenAI deployment."
                : "Model:Deployment is required: the model name on the server, e.g. llama3.1.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("Model:Timeout must be between 00:00:01 and 00:10:00.");
        }

        if (options.MaxRetryDelay < TimeSpan.Zero || options.MaxRetryDelay > options.Timeout)
        {
            failures.Add("Model:MaxRetryDelay must be between 00:00:00 and Model:Timeout.");
        }

        if (options.MaxOutputTokens >= options.MaxPromptTokens * 4L)
        {
            failures.Add("Model:MaxOutputTokens looks wrong next to Model:MaxPromptTokens; check both.");
        }

        return Result(failures);
    }

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
