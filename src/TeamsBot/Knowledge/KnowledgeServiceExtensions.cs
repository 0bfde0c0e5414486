using System.Net;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using TeamsBot.Hosting;
using TeamsBot.Identity;
using TeamsBot.Knowledge.Collections;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Knowledge.Retrieval;
using TeamsBot.Knowledge.Sources;
using TeamsBot.Model;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge;

public static class KnowledgeServiceExtensions
{
    /// <summary>Everything for files in chat and admin collections, with the background index service, for the web app.</summary>
    public static IServiceCollection AddKnowledge(this IServiceCollection services)
    {
        services.AddKnowledgeIndexing();
        // No redirects (each hop is checked against the allow-list), no cookies, no ambient credentials, no proxy
        // that could be pointed elsewhere by the environment.
        services.AddHttpClient(TeamsFileSource.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                Credentials = null,
                AutomaticDecompression = DecompressionMethods.None,
            });
        services.AddSingleton<KnowledgeVectorCache>();
        services.AddSingleton<IKnowledgeIndex>(sp =>
            sp.GetRequiredService<IOptions<KnowledgeIndexOptions>>().Value.Provider == KnowledgeIndexProvider.AzureSearch
                ? sp.GetRequiredService<AzureSearchKnowledgeIndex>()
                : sp.GetRequiredService<IOptions<StorageOptions>>().Value.Provider == StorageProvider.Postgres
                    ? ActivatorUtilities.CreateInstance<PostgresKnowledgeIndex>(sp)
                    : ActivatorUtilities.CreateInstance<SqliteKnowledgeIndex>(sp));
        services.AddSingleton<DownloadHostAllowList>();
        services.AddSingleton<IDocumentSource, TeamsFileSource>();
        services.AddSingleton<FileReadingQueue>();
        services.AddSingleton<FileReceipt>();
        services.AddSingleton<KnowledgeCommands>();
        // Reading access needs the directory (AddUserDirectory); the command, the admin check (AddUsageReports).
        services.AddSingleton<CollectionAccess>();
        services.AddSingleton<AdminCollectionCommand>();
        services.AddHostedService<CollectionIndexService>();
        return services;
    }

    /// <summary>
    /// Reading, DLP-scanning, embedding and storing documents, and admin collections' folders, store and index runs:
    /// what the <c>knowledge collection</c> verb needs (with storage, the tenant policy and DLP), without the web app.
    /// </summary>
    public static IServiceCollection AddKnowledgeIndexing(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.SectionName)
            .ValidateDataAnnotationsByKey(KnowledgeOptions.SectionName)
            .Validate(o => o.AllowedDownloadHosts.All(DownloadHostAllowList.IsHostName),
                "Knowledge:AllowedDownloadHosts takes bare host names (contoso.sharepoint.com), without scheme, "
                + "port, path or wildcard.")
            .Validate(o => o.ReceiveTimeout > TimeSpan.Zero && o.ReceiveTimeout <= KnowledgeOptions.MaxReceiveTimeout,
                "Knowledge:ReceiveTimeout must be more than 0 and at most 00:10:00: a file waits that long for its "
                + "reader after a crash, and Teams' download link lasts about an hour.")
            .ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmbeddingOptions>, EmbeddingOptionsValidator>();
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp =>
        {
            var embeddings = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            return embeddings.Provider == EmbeddingProvider.Model
                ? ChatClientFactory.CreateEmbeddingGenerator(sp, embeddings.Deployment!)
                : new LocalEmbeddingGenerator();
        });
        services.AddSingleton<PassageEmbedder>();
        services.AddKnowledgeIndexWriter();
        services.AddSingleton<IKnowledgeStore, EfKnowledgeStore>();
        services.AddSingleton<FileReadingStore>();
        services.AddSingleton<FileIngestion>();
        services.AddSingleton<KnowledgeIndexingQueue>();
        services.AddSingleton<KnowledgeReembedding>();
        services.AddSingleton<KnowledgeIndexingSignal>();
        services.AddOptions<CollectionOptions>().BindConfiguration(CollectionOptions.SectionName)
            .ValidateDataAnnotationsByKey(CollectionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CollectionOptions>, CollectionOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<FolderSource>();
        services.AddSingleton<IDocumentSource>(sp => sp.GetRequiredService<FolderSource>());
        services.AddSingleton<ICollectionSource>(sp => sp.GetRequiredService<FolderSource>());
        services.AddSingleton<CollectionStore>();
        services.AddSingleton<CollectionIndexer>();
        services.AddSingleton<CollectionIndexRunner>();
        services.AddSingleton<CollectionIndexSignal>();
        services.AddSingleton<CollectionAdministration>();
        return services;
    }

    /// <summary>The HttpClient that reaches Azure AI Search (and nothing else).</summary>
    internal const string AzureSearchHttpClientName = "AzureSearch";

    /// <summary>
    /// Where passages are pushed and deleted besides the database: Azure AI Search when it is the index, else nowhere
    /// (the database's tables are the index).
    /// </summary>
    private static IServiceCollection AddKnowledgeIndexWriter(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeIndexOptions>().BindConfiguration(KnowledgeIndexOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KnowledgeIndexOptions>, KnowledgeIndexOptionsValidator>();
        services.AddAzureCredential();
        services.AddHttpClient(AzureSearchHttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                Credentials = null,
            });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<KnowledgeIndexOptions>>().Value;
            return new AzureSearchKnowledgeIndex(
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(AzureSearchHttpClientName), options,
                options.Authentication == AzureSearchAuthentication.AzureCredential
                    ? sp.GetRequiredService<AzureCredentialFactory>().Create()
                    : null,
                sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<BotDbContext>>(),
                sp.GetRequiredService<ILogger<AzureSearchKnowledgeIndex>>());
        });
        services.AddSingleton<IKnowledgeIndexWriter>(sp =>
            sp.GetRequiredService<IOptions<KnowledgeIndexOptions>>().Value.Provider == KnowledgeIndexProvider.AzureSearch
                ? sp.GetRequiredService<AzureSearchKnowledgeIndex>()
                : DatabaseIndexWriter.Instance);
        return services;
    }
}
