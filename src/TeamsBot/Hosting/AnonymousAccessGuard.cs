using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace TeamsBot.Hosting;

/// <summary>
/// With no MicrosoftAppId the SDK accepts any caller. That is allowed only in Development and only while every
/// listening address is loopback; otherwise the app stops with a message that says why.
/// </summary>
internal sealed partial class AnonymousAccessGuard(
    IServer server,
    IOptions<BotAuthenticationOptions> identity,
    IHostApplicationLifetime lifetime,
    ILogger<AnonymousAccessGuard> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (!identity.Value.IsAnonymous)
        {
            return Task.CompletedTask;
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var exposed = addresses.Where(a => !IsLoopback(a)).ToList();
        if (exposed.Count > 0)
        {
            string listed = string.Join(", ", exposed);
            LogExposed(listed);
            Environment.ExitCode = 3;
            lifetime.StopApplication();
        }
        else
        {
            LogAnonymous();
        }

        return Task.CompletedTask;
    }

    internal static bool IsLoopback(string address)
    {
        // Kestrel reports wildcards as http://[::]:port, http://0.0.0.0:port, http://+:port or http://*:port.
        if (!Uri.TryCreate(address.Replace("://+", "://wildcard", StringComparison.Ordinal)
                .Replace("://*", "://wildcard", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning,
        Message = "MicrosoftAppId is empty: accepting UNAUTHENTICATED requests on loopback only (Development)")]
    private partial void LogAnonymous();

    [LoggerMessage(EventId = 1022, Level = LogLevel.Critical,
        Message = "Refusing to run: MicrosoftAppId is empty and the app listens on {Addresses}, which other machines "
            + "can reach. Set MicrosoftAppId, or listen on loopback only (for example --urls http://127.0.0.1:3978)")]
    private partial void LogExposed(string addresses);
}
