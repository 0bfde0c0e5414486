using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Bot;
using TeamsBot.Connector;
using TeamsBot.Dlp;
using TeamsBot.Export;
using TeamsBot.Graph;
using TeamsBot.Knowledge;
using TeamsBot.Lifecycle;
using TeamsBot.Model;
using TeamsBot.Pipeline;
using TeamsBot.Policy;
using TeamsBot.Reports;
using TeamsBot.Storage;
using TeamsBot.Telemetry;
using TeamsBot.Turns;

namespace TeamsBot.Hosting;

/// <summary>All registration lives here, so Program.cs stays a table of contents.</summary>
public static class HostingExtensions
{
    /// <summary>The Bot Framework convention; <c>--urls</c> or ASPNETCORE_URLS override it.</summary>
    private const string DefaultUrl = "http://localhost:3978";

    public static WebApplicationBuilder AddTeamsBot(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"])
            && string.IsNullOrEmpty(builder.Configuration["https_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.AddTelemetry();
        var services = builder.Services;
        // Hosted services start in registration order: the schema must exist before the worker reads it.
        services.AddConversationStorage();
        services.AddSingleton(TimeProvider.System);
        services.AddAuditLog();
        services.AddRetentionPurge();
        services.AddOptions<BotAuthenticationOptions>().BindConfiguration(BotAuthenticationOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotAuthenticationOptions>, BotAuthenticationOptionsValidator>();
        services.AddOptions<StreamingOptions>().BindConfiguration(StreamingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StreamingOptions>, StreamingOptionsValidator>();
        services.AddOptions<LimitsOptions>().BindConfiguration(LimitsOptions.SectionName)
            .ValidateDataAnnotationsByKey(LimitsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<RequestDoor>();

        services.AddHttpClient();
        services.AddBotConnectorClient();
        // The SDK builds each ConnectorClient from this factory's default client and adds no retry of its own when
        // given one, so the paced, retrying pipeline is the only one; the handler leaves the SDK's other calls
        // through this factory (OpenID metadata) alone. See BotConnectorHttpClientFactory.
        services.AddSingleton<ServiceUrlAllowList>();
        services.AddSingleton<BotFrameworkAuthentication>(sp =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var sdk = new ConfigurationBotFrameworkAuthentication(configuration,
                httpClientFactory: sp.GetRequiredService<BotConnectorHttpClientFactory>(),
                logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>());
            // Development keeps the SDK's own rules so the Emulator and Agents Playground can talk to a local bot.
            BotFrameworkAuthentication authentication = sp.GetRequiredService<IHostEnvironment>().IsDevelopment()
                ? sdk
                : new TeamsOnlyAuthentication(sdk, TeamsOnlyAuthentication.ChannelTokenIssuerFrom(configuration),
                    sp.GetRequiredService<ServiceUrlAllowList>(), sp.GetRequiredService<ILogger<TeamsOnlyAuthentication>>());
            return new NoUserSignIn(authentication);
        });
        // CloudAdapter has ambiguous constructors for the container: build it explicitly.
        services.AddSingleton<CloudAdapter>(sp => new BotAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddSingleton<ChatBot>();
        services.AddSingleton<TypingShown>();
        services.AddSingleton<ReceiptTyping>();
        services.AddHostedService(sp => sp.GetRequiredService<ReceiptTyping>());
        services.AddSingleton<Commands.CommandService>();
        services.AddSingleton<Feedback.FeedbackService>();
        services.AddSingleton<Welcome.WelcomeService>();
        services.AddSingleton<Receipt.MessageReceipt>();
        services.AddSingleton<IBot>(sp => sp.GetRequiredService<ChatBot>());
        services.AddTurnEngine();
        services.AddHostedService<AnonymousAccessGuard>();

        services.AddPrivateModel();
        services.AddTenantPolicy();
        services.AddDlp();
        services.AddUserDirectory();
        services.AddKnowledge();
        services.AddFileExport();
        services.AddUsageReports();
        services.AddTurnPipeline();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<ModelHealthCheck>("model", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapTeamsBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMessages();
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteReadinessAsync,
        });
        return app;
    }

    private static Task WriteReadinessAsync(HttpContext http, HealthReport report)
    {
        http.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key,
                e => new { status = e.Value.Status.ToString(), detail = e.Value.Description }),
        };
        return http.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
