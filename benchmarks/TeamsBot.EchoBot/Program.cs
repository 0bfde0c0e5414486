using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using TeamsBot.EchoBot;

// The reference point of the load benchmark: Bot Framework's EchoBot sample on the product's Bot Framework version.
// With no MicrosoftAppId the SDK accepts anonymous calls, as the product does in Development on loopback.
// --bare swaps the Bot Framework for a hand-written handler doing the same I/O (read the activity, post the echo
// to the connector, answer 200), to show what Kestrel and the load generator alone can carry.
bool bare = args.Contains("--bare", StringComparer.Ordinal);
var builder = WebApplication.CreateBuilder(args.Where(a => a != "--bare").ToArray());
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (bare)
{
    builder.Services.AddHttpClient<BareEchoEndpoint>();
}
else
{
    builder.Services.AddSingleton<BotFrameworkAuthentication, ConfigurationBotFrameworkAuthentication>();
    // CloudAdapter has ambiguous constructors for DI.
    builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(
        sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
    builder.Services.AddTransient<IBot, EchoActivityHandler>();
}

var app = builder.Build();
app.MapGet("/healthz", () => Results.Ok());
if (bare)
{
    app.MapPost("/api/messages", (HttpContext context, BareEchoEndpoint endpoint) => endpoint.HandleAsync(context));
}
else
{
    app.MapPost("/api/messages", (HttpContext context, IBotFrameworkHttpAdapter adapter, IBot bot) =>
        adapter.ProcessAsync(context.Request, context.Response, bot, context.RequestAborted));
}

app.Run();
