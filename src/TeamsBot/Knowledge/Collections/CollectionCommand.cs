using System.Data.Common;
using System.Globalization;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Dlp;
using TeamsBot.Graph;
using TeamsBot.Hosting;
using TeamsBot.Model;
using TeamsBot.Policy;

namespace TeamsBot.Knowledge.Collections;

/// <summary>
/// <c>TeamsBot knowledge collection add|list|reindex|remove …</c>: admin collections, managed against the app's
/// database with the app's configuration, without starting the web server. <c>add</c> and <c>reindex</c> index at
/// once, under the collection's lease (a running instance that holds it makes this wait for the next interval).
/// </summary>
public static class CollectionCommand
{
    public const int ExitRefused = 1;

    /// <summary>How collections added at the command line name who added them.</summary>
    internal const string CommandLineActor = "cli";

    /// <param name="args">The arguments after <c>knowledge collection</c>.</param>
    /// <param name="output">Results.</param>
    /// <param name="error">Usage and problems.</param>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, output, error, settings: null, CancellationToken.None);

    /// <summary>As above, with configuration on top of the app's (for tests).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error,
        IReadOnlyDictionary<string, string?>? settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var (verbArgs, configurationArgs) = AuditCommand.SplitConfiguration(args);
        if (!CollectionCommandLine.TryParse(verbArgs, out var command, out string? problem))
        {
            await error.WriteLineAsync(problem);
            await error.WriteLineAsync();
            await error.WriteLineAsync(CollectionCommandLine.Usage);
            return AuditCommand.ExitUsage;
        }

        if (command.Verb == CollectionVerb.Help)
        {
            await output.WriteLineAsync(CollectionCommandLine.Usage);
            return AuditCommand.ExitOk;
        }

        await using var host = VerbHost.Build(configurationArgs, settings, services =>
        {
            services.AddSingleton(TimeProvider.System);
            services.AddTenantPolicy();
            services.AddDlp();
            // Embeddings from the model endpoint, when Knowledge:Embeddings says so: the same vectors as the app's.
            services.AddPrivateModel();
            services.AddKnowledgeIndexing();
        });
        string verb = verbArgs[0];
        try
        {
            await AuditCommand.OpenDatabaseAsync(host.Services, cancellationToken);
            var configuration = host.Services.GetRequiredService<IConfiguration>();
            string? tenant = command.TenantId ?? NullIfBlank(configuration[GraphOptions.SectionName + ":TenantId"])
                ?? NullIfBlank(configuration[nameof(BotAuthenticationOptions.MicrosoftAppTenantId)]);
            if (tenant is null && command.Verb != CollectionVerb.List)
            {
                await error.WriteLineAsync($"collection {verb}: name the tenant with --tenant (no Graph:TenantId or MicrosoftAppTenantId is configured).");
                return AuditCommand.ExitUsage;
            }

            var administration = host.Services.GetRequiredService<CollectionAdministration>();
            var store = host.Services.GetRequiredService<CollectionStore>();
            switch (command.Verb)
            {
                case CollectionVerb.Add:
                    var (added, refusal) = await administration.AddAsync(tenant!, command.Name!, command.Folder!,
                        command.Readers!, CommandLineActor, cancellationToken);
                    if (added is null)
                    {
                        await error.WriteLineAsync($"collection add: {refusal}");
                        return ExitRefused;
                    }

                    await output.WriteLineAsync($"Collection {added.Name} added in tenant {added.TenantId}: {added.Location}, readable by {added.Readers}.");
                    return await IndexNowAsync(host.Services, added, output, error, cancellationToken);
                case CollectionVerb.Remove:
                    var removed = await administration.RemoveAsync(tenant!, command.Name!, cancellationToken);
                    if (removed is null)
                    {
                        await error.WriteLineAsync($"collection remove: there is no collection {command.Name} in tenant {tenant} (see 'collection list').");
                        return ExitRefused;
                    }

                    await output.WriteLineAsync($"Collection {removed.Name} removed, with everything indexed from it.");
                    return AuditCommand.ExitOk;
                case CollectionVerb.Reindex:
                    var found = await store.FindAsync(tenant!, command.Name!, cancellationToken);
                    if (found is null)
                    {
                        await error.WriteLineAsync($"collection reindex: there is no collection {command.Name} in tenant {tenant} (see 'collection list').");
                        return ExitRefused;
                    }

                    return await IndexNowAsync(host.Services, found, output, error, cancellationToken);
                default:
                    foreach (var collection in await store.ListAsync(command.TenantId ?? tenant, cancellationToken))
                    {
                        string indexed = collection.IndexedAt is { } at ? AuditHash.FormatTimestamp(at) : "not yet";
                        await output.WriteLineAsync(
                            $"{collection.TenantId}\t{collection.Name}\t{collection.Readers}\t{collection.Location}\t{indexed}");
                    }

                    return AuditCommand.ExitOk;
            }
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException or DbException
            or AuditCommand.DatabaseMissingException or IOException or UnauthorizedAccessException
            or Sources.CollectionLocationException)
        {
            // Configuration, connection and folder problems are the operator's to fix: say what, without a stack trace.
            await error.WriteLineAsync($"collection {verb}: {e.Message}");
            return AuditCommand.ExitUnavailable;
        }
    }

    private static async Task<int> IndexNowAsync(IServiceProvider services, KnowledgeCollectionRecord collection,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var report = await services.GetRequiredService<CollectionIndexRunner>()
            .RunAsync(collection.Id, dueOnly: false, cancellationToken);
        if (report is null)
        {
            await error.WriteLineAsync($"Collection {collection.Name} is being indexed by a running instance; it finishes the run.");
            return AuditCommand.ExitOk;
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Indexed {collection.Name}: {report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Removed} removed, {report.Refused} refused."));
        return AuditCommand.ExitOk;
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
