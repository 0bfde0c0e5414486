using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// Plays Azure AI Search's documents REST API over HTTP on 127.0.0.1 for one index: <c>docs/index</c> (mergeOrUpload,
/// delete) and <c>docs/search</c> (hybrid: words and one vector query). It refuses a wrong or missing <c>api-key</c> with
/// 403, evaluates the OData filter it is sent (<c>eq</c>, <c>search.in</c>, <c>and</c>, <c>or</c>, parentheses; anything
/// else is a 400, as the service answers) so that a wrong filter returns the wrong documents, ranks by reciprocal rank
/// fusion of a word count and a cosine, and records every request.
/// </summary>
public sealed class AzureSearchDouble : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, JsonObject> _documents = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedSearchRequest> _requests = new();
    private WebApplication _app = null!;

    private AzureSearchDouble(string indexName, string apiKey)
    {
        IndexName = indexName;
        ApiKey = apiKey;
    }

    public Uri BaseAddress { get; private set; } = null!;

    public string IndexName { get; }

    public string ApiKey { get; }

    /// <summary>Status to answer every indexing request with instead of indexing (0: index normally).</summary>
    public int FailIndexingWith { get; set; }

    /// <summary>Runs when an indexing request arrives, before it is applied (to change the database meanwhile).</summary>
    public Func<Task>? BeforeIndexing { get; set; }

    public IReadOnlyList<RecordedSearchRequest> Requests => [.. _requests];

    /// <summary>Ids of the documents the index holds now.</summary>
    public IReadOnlyCollection<string> DocumentIds => [.. _documents.Keys];

    public JsonObject? Document(string id) => _documents.GetValueOrDefault(id);

    public static async Task<AzureSearchDouble> StartAsync(string indexName, string apiKey,
        CancellationToken cancellationToken)
    {
        var server = new AzureSearchDouble(indexName, apiKey);
        (server._app, server.BaseAddress) = await LoopbackHost.StartAsync(app => app.Run(server.HandleAsync), null,
            cancellationToken);
        return server;
    }

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        string path = http.Request.Path.Value ?? string.Empty;
        string? key = http.Request.Headers["api-key"];
        _requests.Enqueue(new RecordedSearchRequest(http.Request.Method, path, http.Request.Query["api-version"],
            key, body?.ToJsonString() ?? string.Empty));
        if (!string.Equals(key, ApiKey, StringComparison.Ordinal))
        {
            await WriteAsync(http, 403, new JsonObject { ["error"] = new JsonObject { ["code"] = "Forbidden" } });
            return;
        }

        if (http.Request.Method != "POST" || body is null || string.IsNullOrEmpty(http.Request.Query["api-version"]))
        {
            await WriteAsync(http, 400, new JsonObject());
            return;
        }

        if (path == $"/indexes/{IndexName}/docs/index")
        {
            await IndexAsync(http, body);
        }
        else if (path == $"/indexes/{IndexName}/docs/search")
        {
            await SearchAsync(http, body);
        }
        else
        {
            await WriteAsync(http, 404, new JsonObject());
        }
    }

    private async Task IndexAsync(HttpContext http, JsonObject body)
    {
        if (BeforeIndexing is { } before)
        {
            await before();
        }

        if (FailIndexingWith != 0)
        {
            await WriteAsync(http, FailIndexingWith, new JsonObject());
            return;
        }

        var results = new JsonArray();
        foreach (var document in body["value"]!.AsArray().Select(d => d!.AsObject()))
        {
            string id = (string)document["id"]!;
            string action = (string)document["@search.action"]!;
            if (action == "delete")
            {
                _documents.TryRemove(id, out _);
            }
            else if (action is "mergeOrUpload" or "upload")
            {
                var stored = (JsonObject)document.DeepClone();
                stored.Remove("@search.action");
                _documents[id] = stored;
            }
            else
            {
                await WriteAsync(http, 400, new JsonObject());
                return;
            }

            results.Add(new JsonObject { ["key"] = id, ["status"] = true, ["statusCode"] = 200 });
        }

        await WriteAsync(http, 200, new JsonObject { ["value"] = results });
    }

    private async Task SearchAsync(HttpContext http, JsonObject body)
    {
        Func<JsonObject, bool> filter;
        try
        {
            filter = body["filter"] is { } text ? ODataFilter.Parse((string)text!) : _ => true;
        }
        catch (FormatException)
        {
            await WriteAsync(http, 400, new JsonObject { ["error"] = new JsonObject { ["code"] = "InvalidFilter" } });
            return;
        }

        var candidates = _documents.Values.Where(filter).ToList();
        var words = ((string?)body["search"] ?? string.Empty).ToLowerInvariant()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var byWords = candidates
            .Select(d => (Document: d, Hits: words.Count(w => Searchable(d).Contains(w, StringComparison.Ordinal))))
            .Where(x => x.Hits > 0).OrderByDescending(x => x.Hits).Select(x => x.Document).ToList();
        var byMeaning = new List<JsonObject>();
        if (body["vectorQueries"] is JsonArray vectorQueries && vectorQueries.Count > 0)
        {
            var query = vectorQueries[0]!.AsObject();
            var vector = query["vector"]!.AsArray().Select(v => (float)v!).ToArray();
            int k = (int)query["k"]!;
            byMeaning = candidates.Where(d => d["vector"] is JsonArray)
                .OrderByDescending(d => Cosine(vector, d["vector"]!.AsArray().Select(v => (float)v!).ToArray()))
                .Take(k).ToList();
        }

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var list in new[] { byWords, byMeaning })
        {
            for (int rank = 0; rank < list.Count; rank++)
            {
                string id = (string)list[rank]["id"]!;
                scores[id] = scores.GetValueOrDefault(id) + (1.0 / (60 + rank + 1));
            }
        }

        int top = (int?)body["top"] ?? 50;
        var selected = ((string?)body["select"])?.Split(',', StringSplitOptions.TrimEntries);
        var value = new JsonArray();
        foreach (var (id, score) in scores.OrderByDescending(s => s.Value).Take(top))
        {
            var hit = new JsonObject { ["@search.score"] = score };
            foreach (var (name, field) in _documents[id])
            {
                if (selected is null || selected.Contains(name))
                {
                    hit[name] = field?.DeepClone();
                }
            }

            value.Add(hit);
        }

        await WriteAsync(http, 200, new JsonObject { ["value"] = value });
    }

    private static string Searchable(JsonObject document) =>
        string.Join(' ', (string?)document["name"], (string?)document["heading"], (string?)document["text"])
            .ToLowerInvariant();

    private static double Cosine(float[] left, float[] right)
    {
        double dot = 0;
        for (int i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            dot += left[i] * right[i];
        }

        return dot;
    }

    private static async Task WriteAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await LoopbackHost.StopAsync(_app);
        }
    }

    /// <summary>
    /// The OData subset the adapter sends: <c>field eq 'value'</c>, <c>search.in(field, 'a,b', ',')</c>, joined by
    /// <c>and</c> / <c>or</c> with parentheses; string literals with doubled single quotes. Anything else is refused.
    /// </summary>
    private sealed class ODataFilter
    {
        private readonly string _text;
        private int _at;

        private ODataFilter(string text) => _text = text;

        public static Func<JsonObject, bool> Parse(string text)
        {
            var parser = new ODataFilter(text);
            var filter = parser.Or();
            parser.SkipSpaces();
            return parser._at == text.Length ? filter : throw new FormatException("Trailing text in filter.");
        }

        private Func<JsonObject, bool> Or()
        {
            var left = And();
            while (TryWord("or"))
            {
                var first = left;
                var right = And();
                left = d => first(d) || right(d);
            }

            return left;
        }

        private Func<JsonObject, bool> And()
        {
            var left = Atom();
            while (TryWord("and"))
            {
                var first = left;
                var right = Atom();
                left = d => first(d) && right(d);
            }

            return left;
        }

        private Func<JsonObject, bool> Atom()
        {
            SkipSpaces();
            if (TryToken("("))
            {
                var inner = Or();
                Expect(")");
                return inner;
            }

            if (TryToken("search.in("))
            {
                string field = Identifier();
                Expect(",");
                string values = Literal();
                Expect(",");
                string separator = Literal();
                Expect(")");
                var set = values.Split(separator).ToHashSet(StringComparer.Ordinal);
                return d => (string?)d[field] is { } value && set.Contains(value);
            }

            string name = Identifier();
            if (!TryWord("eq"))
            {
                throw new FormatException("Only eq comparisons.");
            }

            string expected = Literal();
            return d => string.Equals((string?)d[name], expected, StringComparison.Ordinal);
        }

        private string Identifier()
        {
            SkipSpaces();
            int start = _at;
            while (_at < _text.Length && char.IsAsciiLetterOrDigit(_text[_at]))
            {
                _at++;
            }

            return _at > start ? _text[start.._at] : throw new FormatException("Field name expected.");
        }

        private string Literal()
        {
            SkipSpaces();
            Expect("'");
            var value = new System.Text.StringBuilder();
            while (true)
            {
                if (_at >= _text.Length)
                {
                    throw new FormatException("Unterminated string.");
                }

                if (_text[_at] == '\'')
                {
                    if (_at + 1 < _text.Length && _text[_at + 1] == '\'')
                    {
                        value.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return value.ToString();
                }

                value.Append(_text[_at++]);
            }
        }

        private bool TryWord(string word)
        {
            SkipSpaces();
            if (string.CompareOrdinal(_text, _at, word, 0, word.Length) == 0 && _at + word.Length < _text.Length
                && _text[_at + word.Length] == ' ')
            {
                _at += word.Length;
                return true;
            }

            return false;
        }

        private bool TryToken(string token)
        {
            SkipSpaces();
            if (string.CompareOrdinal(_text, _at, token, 0, token.Length) == 0)
            {
                _at += token.Length;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!TryToken(token))
            {
                throw new FormatException($"'{token}' expected.");
            }
        }

        internal void SkipSpaces()
        {
            while (_at < _text.Length && _text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}
