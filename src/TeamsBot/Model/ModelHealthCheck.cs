using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace TeamsBot.Model;

/// <summary>Ready means a model is configured; whether it answers is seen per turn, not polled.</summary>
internal sealed class ModelHealthCheck(IOptionsMonitor<ModelOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default) =>
        Task.FromResult(options.CurrentValue.IsConfigured
            ? HealthCheckResult.Healthy($"{options.CurrentValue.Provider} {options.CurrentValue.Deployment}")
            : HealthCheckResult.Unhealthy("not configured: set Model:Provider, Model:Endpoint, Model:Deployment"));
}
