namespace TeamsBot.Model;

public enum ModelProvider
{
    /// <summary>Azure OpenAI in the company's own tenant.</summary>
    AzureOpenAI,

    /// <summary>Any OpenAI-compatible server: vLLM, Ollama, LM Studio, llama.cpp.</summary>
    OpenAI,
}
