namespace TeamsBot.Model;

public sealed class ModelNotConfiguredException()
    : InvalidOperationException("No model is configured: set Model:Provider, Model:Endpoint and Model:Deployment.");
