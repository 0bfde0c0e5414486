using System.Reflection;
using System.Runtime.Loader;
using Microsoft.AspNetCore.Builder;
using Microsoft.Bot.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TeamsBot.Graph;

namespace TeamsBot.Tests.Graph;

/// <summary>
/// Microsoft.Graph is a 40 MB assembly, and loading it mapped 10–17 MiB into the process. A bot whose policy has no
/// group rule never reads the directory, so it must never load it. Checked on a copy of the app in an assembly load
/// context of its own, which records every assembly the app's code asks for (this test process has Graph loaded).
/// </summary>
public sealed class GraphLoadingTests
{
    [Fact]
    public void AppStartsAndAnswersWithoutAGroupRule_NeverAsksForMicrosoftGraph()
    {
        var context = new WatchingContext();
        try
        {
            var app = context.LoadFromAssemblyPath(typeof(GraphClients).Assembly.Location);
            // Entity Framework loads every type of the app to find its migrations.
            _ = app.GetTypes();
            // The app's registrations, its startup check, and the bot that admits each message.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", Args = [] });
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = "Data Source=:memory:",
            });
            Call(app, "TeamsBot.Hosting.HostingExtensions", "AddTeamsBot", builder);
            using var host = builder.Build();
            Assert.True((bool)Call(app, "TeamsBot.Hosting.StartupSettings", "Validate", host.Services, TextWriter.Null)!);
            Assert.NotNull(host.Services.GetRequiredService<IBot>());

            Assert.DoesNotContain("Microsoft.Graph", context.Asked);
            Assert.Contains("Microsoft.EntityFrameworkCore", context.Asked); // the context does see the app's requests
        }
        finally
        {
            context.Unload();
        }
    }

    private static object? Call(Assembly app, string type, string method, params object[] arguments) =>
        app.GetType(type, throwOnError: true)!.GetMethod(method, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .Invoke(null, arguments);

    /// <summary>Records the name of every assembly asked for, and lets the default context load it.</summary>
    private sealed class WatchingContext() : AssemblyLoadContext("graph-loading", isCollectible: true)
    {
        public HashSet<string> Asked { get; } = new(StringComparer.Ordinal);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            lock (Asked)
            {
                Asked.Add(assemblyName.Name!);
            }

            return null;
        }
    }
}
