using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Knowledge.Embeddings;
using TeamsBot.Storage;

namespace TeamsBot.Knowledge.Retrieval;

/// <summary>
/// Hybrid search in Azure AI Search, for deployments whose passages outgrow the database's index: one request with
/// the question's words and vector, under a filter built from the reader's access only, so the service filters before
/// it ranks. The service fuses words and meaning by rank (its score is RRF, not a cosine), so its answer chooses the
/// candidates and their order; their text and vectors are then read from the database under the same access
/// condition: the cosine of the stored vector applies the same similarity floor as the other indexes, and a passage
/// already deleted from the database (its removal from the service still under way) is never quoted.
/// Plain REST over HttpClient: the calls are two, and the client stays under the app's own transport and timeout.
/// </summary>
internal sealed partial class AzureSearchKnowledgeIndex(HttpClient http, KnowledgeIndexOptions options,
    TokenCredential? credential, IDbContextFactory<BotDbContext> contexts, ILogger<AzureSearchKnowledgeIndex> logger)
    : IKnowledgeIndex, IKnowledgeIndexWriter
{
    /// <summary>The REST API version whose hybrid query (<c>vectorQueries</c> of kind vector) this speaks.</summary>
    internal const string ApiVersion = "2024-07-01";

    /// <summary>The scope of a token for the data plane.</summary>
    internal const string TokenScope = "https://search.azure.com/.default";

    /// <summary>Most documents in one indexing request (the service takes at most 1000).</summary>
    private const int BatchSize = 500;

    public async Task<IReadOnlyList<RetrievedPassage>> SearchAsync(KnowledgeQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var body = new JsonObject
        {
            // Letters and digits only: nothing in the question is query syntax.
            ["search"] = string.Join(' ', RankFusion.Terms(query.Question)),
            ["searchMode"] = "any",
            ["vectorQueries"] = new JsonArray(new JsonObject
            {
                ["kind"] = "vector",
                ["vector"] = new JsonArray(query.Vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
                ["k"] = RankFusion.CandidatesPerList,
                ["fields"] = "vector",
            }),
            ["filter"] = AccessFilter(query.Access),
            ["top"] = RankFusion.CandidatesPerList,
            ["select"] = "id",
        };
        using var response = await SendAsync("search", body, cancellationToken);
        using var answer = await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        var ranked = new Dictionary<long, double>();
        foreach (var hit in answer.RootElement.GetProperty("value").EnumerateArray())
        {
            if (long.TryParse(hit.GetProperty("id").GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long id))
            {
                ranked.TryAdd(id, hit.GetProperty("@search.score").GetDouble());
            }
        }

        return ranked.Count == 0 ? [] : RankFusion.Select(await ReadAsync(query, ranked, cancellationToken), query);
    }

    /// <summary>
    /// The OData filter of a reader's access: their tenant, and their own files or the collections they may read.
    /// Only these values go into it, each quoted; never text from the question.
    /// </summary>
    internal static string AccessFilter(ReaderAccess access)
    {
        ArgumentNullException.ThrowIfNull(access);
        var filter = new StringBuilder()
            .Append("tenantId eq ").Append(Quote(access.TenantId))
            .Append(" and (ownerUserId eq ").Append(Quote(access.UserId));
        // A collection id with a comma cannot be listed (the comma separates the list): it is left out, not split.
        var collections = access.CollectionIds.Where(c => !string.IsNullOrEmpty(c) && !c.Contains(',', StringComparison.Ordinal))
            .ToList();
        if (collections.Count > 0)
        {
            filter.Append(" or search.in(collectionId, ").Append(Quote(string.Join(',', collections))).Append(", ',')");
        }

        return filter.Append(')').ToString();
    }

    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    public bool KeepsCopies => true;

    public async Task UpsertAsync(IReadOnlyList<IndexedPassage> passages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passages);
        foreach (var batch in passages.Chunk(BatchSize))
        {
            var documents = new JsonArray(batch.Select(p => (JsonNode)new JsonObject
            {
                ["@search.action"] = "mergeOrUpload",
                ["id"] = p.ChunkId.ToString(CultureInfo.InvariantCulture),
                ["tenantId"] = p.TenantId,
                ["ownerUserId"] = p.OwnerUserId,
                ["collectionId"] = p.CollectionId,
                ["documentId"] = p.DocumentId.ToString(CultureInfo.InvariantCulture),
                ["name"] = p.Name,
                ["heading"] = p.Heading,
                ["page"] = p.Page,
                ["text"] = p.Text,
                ["vector"] = new JsonArray(p.Vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()),
            }).ToArray());
            await IndexAsync(documents, cancellationToken);
        }

        LogPushed(passages.Count);
    }

    public async Task DeleteAsync(IReadOnlyList<long> chunkIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        foreach (var batch in chunkIds.Chunk(BatchSize))
        {
            await IndexAsync(new JsonArray(batch.Select(id => (JsonNode)new JsonObject
            {
                ["@search.action"] = "delete",
                ["id"] = id.ToString(CultureInfo.InvariantCulture),
            }).ToArray()), cancellationToken);
        }

        LogDeleted(chunkIds.Count);
    }

    /// <summary>One indexing request; a document the service did not take (207) fails it as a whole.</summary>
    private async Task IndexAsync(JsonArray documents, CancellationToken cancellationToken)
    {
        using var response = await SendAsync("index", new JsonObject { ["value"] = documents }, cancellationToken);
        using var answer = await JsonDocument.ParseAsync(
            await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        int failed = answer.RootElement.GetProperty("value").EnumerateArray()
            .Count(r => !r.GetProperty("status").GetBoolean());
        if (failed > 0)
        {
            throw new HttpRequestException($"Azure AI Search did not index {failed} of {documents.Count} passages.");
        }
    }

    private async Task<HttpResponseMessage> SendAsync(string operation, JsonObject body, CancellationToken cancellationToken)
    {
        var address = new Uri(options.Endpoint!,
            $"indexes/{Uri.EscapeDataString(options.IndexName!)}/docs/{operation}?api-version={ApiVersion}");
        using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = JsonContent.Create(body) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        HttpResponseMessage response;
        try
        {
            if (options.Authentication == AzureSearchAuthentication.ApiKey)
            {
                request.Headers.Add("api-key", options.ApiKey);
            }
            else
            {
                var token = await credential!.GetTokenAsync(new TokenRequestContext([TokenScope]), timeout.Token);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
            }

            response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
        }
        catch (OperationCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A timeout is a failure of the service, not the caller's cancellation.
            LogTimedOut(operation);
            throw new TimeoutException($"Azure AI Search did not answer within {options.Timeout}.", exception);
        }

        if (!response.IsSuccessStatusCode)
        {
            int status = (int)response.StatusCode;
            response.Dispose();
            LogFailed(operation, status);
            throw new HttpRequestException($"Azure AI Search answered {status} to {operation}.", null,
                (System.Net.HttpStatusCode)status);
        }

        return response;
    }

    /// <summary>
    /// The candidates' text and vectors from the database, under the reader's access again; a passage whose vector is
    /// of another model counts as 0 and is dropped: the service may have ranked it by that vector, so unlike the
    /// database indexes its answer cannot say it was found by words alone.
    /// </summary>
    private async Task<List<RetrievedPassage>> ReadAsync(KnowledgeQuery query, Dictionary<long, double> ranked,
        CancellationToken cancellationToken)
    {
        var ids = ranked.Keys.ToList();
        var access = query.Access;
        var collections = access.CollectionIds.ToList();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Set<KnowledgeChunkRecord>().AsNoTracking().Where(c => ids.Contains(c.Id))
            .Join(db.Set<KnowledgeDocumentRecord>(), c => c.DocumentId, d => d.Id, (c, d) => new { Chunk = c, Document = d })
            .Where(x => x.Document.TenantId == access.TenantId
                && (x.Document.OwnerUserId == access.UserId || collections.Contains(x.Document.CollectionId!)))
            .Select(x => new
            {
                x.Chunk.Id,
                x.Chunk.DocumentId,
                x.Document.Name,
                x.Chunk.Heading,
                x.Chunk.Page,
                x.Chunk.Text,
                x.Chunk.Embedding,
                x.Document.EmbeddingModel,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new RetrievedPassage(r.Id, r.DocumentId, r.Name, r.Heading, r.Page, r.Text,
            r.Embedding is not null && r.EmbeddingModel == query.EmbeddingModel ? VectorCodec.Dot(r.Embedding, query.Vector) : 0,
            ranked[r.Id])).ToList();
    }

    [LoggerMessage(EventId = 2701, Level = LogLevel.Information, Message = "Azure AI Search: {Passages} passages pushed")]
    private partial void LogPushed(int passages);

    [LoggerMessage(EventId = 2702, Level = LogLevel.Information, Message = "Azure AI Search: {Passages} passages deleted")]
    private partial void LogDeleted(int passages);

    [LoggerMessage(EventId = 2703, Level = LogLevel.Warning, Message = "Azure AI Search answered {Status} to {Operation}")]
    private partial void LogFailed(string operation, int status);

    [LoggerMessage(EventId = 2704, Level = LogLevel.Warning, Message = "Azure AI Search did not answer {Operation} in time")]
    private partial void LogTimedOut(string operation);
}
