using TeamsBot.Audit;
using TeamsBot.Export;
using TeamsBot.Hosting;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Lifecycle;
using TeamsBot.Reports;

// Maintenance commands run against the same configuration and database, without starting the web server.
if (args is ["audit", .. var rest])
{
    return await AuditCommand.RunAsync(rest, Console.Out, Console.Error);
}

if (args is ["report", .. var reportArgs])
{
    return await ReportCommand.RunAsync(reportArgs, Console.Out, Console.Error);
}

if (args is ["hold", .. var holdArgs])
{
    return await HoldCommand.RunAsync(holdArgs, Console.Out, Console.Error);
}

if (args is ["knowledge", "collection", .. var collectionArgs])
{
    return await CollectionCommand.RunAsync(collectionArgs, Console.Out, Console.Error);
}

if (args is ["ediscovery", .. var ediscoveryArgs])
{
    return await EdiscoveryCommand.RunAsync(ediscoveryArgs, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTeamsBot();

var app = builder.Build();
if (!StartupSettings.Validate(app.Services, Console.Error))
{
    return StartupSettings.ExitBadSettings;
}

app.MapTeamsBot();
app.Run();

// Startup guards that stop the host set the exit code.
return Environment.ExitCode;

/// <summary>Visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;
