using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Elasticsearch.Net;
using Elasticsearch.Net.Specification.CatApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using HttpMethod = Elasticsearch.Net.HttpMethod;

namespace NewMediaCms.Search.Elasticsearch;

/// <summary>
/// Elasticsearch through the low-level client (Elasticsearch.Net 7.17): requests are built here, as JSON, so they
/// can be asserted exactly. Layout: a versioned physical index "{prefix}-content-{stamp}" behind aliases
/// "{prefix}-content-read", "{prefix}-content-write", "{prefix}-portal" (public, visible only) and one
/// "{prefix}-dept-{tenant}" per department. Writes use external_gte versions: a late write never replaces a newer one.
/// </summary>
public sealed class ElasticsearchSearchIndex : ISearchIndex
{
    /// <summary>Chinese stays readable in request bodies (the default escapes every non-ASCII character).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ElasticLowLevelClient _client;
    private readonly ElasticsearchOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly HashSet<string> _departmentAliases = new(StringComparer.Ordinal);
    private bool _ready;

    public ElasticsearchSearchIndex(ElasticsearchOptions options, IConnection? connection = null, TimeProvider? clock = null, ILogger<ElasticsearchSearchIndex>? logger = null)
    {
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new ElasticLowLevelClient(Configure(options, connection));
    }

    public string Name => "Elasticsearch";

    public string ReadAlias => _options.IndexPrefix + "-content-read";

    public string WriteAlias => _options.IndexPrefix + "-content-write";

    public string PortalAlias => _options.IndexPrefix + "-portal";

    public string DepartmentAlias(string tenantId) => _options.IndexPrefix + "-dept-" + tenantId.ToLowerInvariant();

    public static ConnectionConfiguration Configure(ElasticsearchOptions options, IConnection? connection)
    {
        var nodes = options.Nodes.Count == 0 ? [new Uri("http://localhost:9200")] : options.Nodes.Select(n => new Uri(n)).ToList();
        IConnectionPool pool = nodes.Count == 1 ? new SingleNodeConnectionPool(nodes[0]) : new StaticConnectionPool(nodes, randomize: false);
        var config = new ConnectionConfiguration(pool, connection)
            .RequestTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds))
            .PingTimeout(TimeSpan.FromSeconds(options.PingTimeoutSeconds))
            .MaximumRetries(options.MaxRetries)
            .EnableApiVersioningHeader(options.ApiVersioning)
            .ThrowExceptions(false);
        if (!string.IsNullOrWhiteSpace(options.ApiKey))
        {
            config = config.ApiKeyAuthentication(new ApiKeyAuthenticationCredentials(options.ApiKey));
        }
        else if (!string.IsNullOrWhiteSpace(options.Username))
        {
            config = config.BasicAuthentication(options.Username, options.Password ?? "");
        }
        if (!string.IsNullOrWhiteSpace(options.CertificateFingerprint))
        {
            config = config.CertificateFingerprint(options.CertificateFingerprint);
        }
        return config;
    }

    // ---- set-up ----

    /// <summary>Creates the first physical index with its aliases when the write alias does not exist yet.</summary>
    public async Task EnsureCreatedAsync(IReadOnlyCollection<string> tenantIds, CancellationToken ct)
    {
        if (_ready)
        {
            return;
        }
        await _setup.WaitAsync(ct);
        try
        {
            if (_ready)
            {
                return;
            }
            var existing = await SendAsync(HttpMethod.GET, "/_alias/" + WriteAlias, null, ct, allow404: true);
            if (existing.Status == 404)
            {
                var index = NewIndexName();
                await CreateIndexAsync(index, tenantIds, withAliases: true, ct);
                _departmentAliases.UnionWith(tenantIds.Select(DepartmentAlias));
            }
            else
            {
                var aliases = await SendAsync(HttpMethod.GET, "/_alias/" + _options.IndexPrefix + "-dept-*", null, ct, allow404: true);
                if (aliases.Json is JsonObject indices)
                {
                    foreach (var (_, value) in indices)
                    {
                        if (value?["aliases"] is JsonObject names)
                        {
                            _departmentAliases.UnionWith(names.Select(n => n.Key));
                        }
                    }
                }
            }
            _ready = true;
        }
        finally
        {
            _setup.Release();
        }
    }

    private string NewIndexName() => _options.IndexPrefix + "-content-" + _clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    /// <summary>ik or smartcn when the cluster has the plugin (_cat/plugins), else the built-in cjk analyzer.</summary>
    public async Task<(string Index, string Search)> ChooseWordAnalyzerAsync(CancellationToken ct)
    {
        var plugins = await HandleAsync(HttpMethod.GET, "/_cat/plugins", false,
            () => _client.Cat.PluginsAsync<StringResponse>(new CatPluginsRequestParameters { Format = "json", Headers = ["component"] }, ct));
        var components = (plugins.Json as JsonArray ?? []).Select(p => p?["component"]?.GetValue<string>() ?? "").ToHashSet();
        if (components.Contains("analysis-ik"))
        {
            return ("ik_max_word", "ik_smart");
        }
        return components.Contains("analysis-smartcn") ? ("smartcn", "smartcn") : ("cjk", "cjk");
    }

    public async Task CreateIndexAsync(string index, IReadOnlyCollection<string> tenantIds, bool withAliases, CancellationToken ct)
    {
        var (indexAnalyzer, searchAnalyzer) = await ChooseWordAnalyzerAsync(ct);
        JsonObject Text() => new()
        {
            ["type"] = "text",
            ["analyzer"] = indexAnalyzer,
            ["search_analyzer"] = searchAnalyzer,
            ["fields"] = new JsonObject { ["cjk"] = new JsonObject { ["type"] = "text", ["analyzer"] = "nmc_bigram" } },
        };
        var body = new JsonObject
        {
            ["settings"] = new JsonObject
            {
                ["analysis"] = new JsonObject
                {
                    ["analyzer"] = new JsonObject
                    {
                        // Bigrams of CJK text: a sub-word (人民) matches inside a longer word (中华人民共和国).
                        ["nmc_bigram"] = new JsonObject
                        {
                            ["type"] = "custom",
                            ["tokenizer"] = "standard",
                            ["filter"] = new JsonArray("cjk_width", "lowercase", "cjk_bigram"),
                        },
                    },
                },
            },
            ["mappings"] = new JsonObject
            {
                ["dynamic"] = "strict",
                ["properties"] = new JsonObject
                {
                    ["tenant"] = new JsonObject { ["type"] = "keyword" },
                    ["item"] = new JsonObject { ["type"] = "keyword" },
                    ["type"] = new JsonObject { ["type"] = "keyword" },
                    ["account"] = new JsonObject { ["type"] = "keyword" },
                    ["visible"] = new JsonObject { ["type"] = "boolean" },
                    ["portal"] = new JsonObject { ["type"] = "boolean" },
                    ["published"] = new JsonObject { ["type"] = "date" },
                    ["title"] = Text(),
                    ["body"] = Text(),
                    ["summary"] = new JsonObject { ["type"] = "text", ["index"] = false },
                },
            },
        };
        if (withAliases)
        {
            var aliases = new JsonObject();
            foreach (var (alias, definition) in AliasDefinitions(tenantIds))
            {
                aliases[alias] = definition;
            }
            body["aliases"] = aliases;
        }
        await SendAsync(HttpMethod.PUT, "/" + index, body, ct);
    }

    private IEnumerable<(string Alias, JsonObject Definition)> AliasDefinitions(IEnumerable<string> tenantIds)
    {
        yield return (ReadAlias, new JsonObject());
        yield return (WriteAlias, new JsonObject { ["is_write_index"] = true });
        yield return (PortalAlias, new JsonObject
        {
            ["filter"] = new JsonObject
            {
                ["bool"] = new JsonObject
                {
                    ["filter"] = new JsonArray(
                        new JsonObject { ["term"] = new JsonObject { ["visible"] = true } },
                        new JsonObject { ["term"] = new JsonObject { ["portal"] = true } }),
                },
            },
        });
        foreach (var tenant in tenantIds.Distinct().Order(StringComparer.Ordinal))
        {
            yield return (DepartmentAlias(tenant), DepartmentAliasDefinition(tenant));
        }
    }

    private static JsonObject DepartmentAliasDefinition(string tenant) => new()
    {
        ["filter"] = new JsonObject
        {
            ["bool"] = new JsonObject
            {
                ["filter"] = new JsonArray(
                    new JsonObject { ["term"] = new JsonObject { ["tenant"] = tenant } },
                    new JsonObject { ["term"] = new JsonObject { ["visible"] = true } }),
            },
        },
    };

    // ---- writes ----

    public async Task<SearchWriteResult> WriteAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return SearchWriteResult.Ok;
        }
        await EnsureCreatedAsync(documents.Select(d => d.TenantId).Distinct().ToList(), cancellationToken);
        await EnsureDepartmentAliasesAsync(documents.Select(d => d.TenantId), cancellationToken);
        return await BulkAsync(WriteAlias, documents, cancellationToken);
    }

    /// <summary>A department that appeared after the index was created gets its filtered alias on first write.</summary>
    private async Task EnsureDepartmentAliasesAsync(IEnumerable<string> tenantIds, CancellationToken ct)
    {
        var missing = tenantIds.Distinct().Where(t => !_departmentAliases.Contains(DepartmentAlias(t))).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var actions = new JsonArray();
        foreach (var tenant in missing)
        {
            var add = DepartmentAliasDefinition(tenant);
            add["index"] = WriteAlias;
            add["alias"] = DepartmentAlias(tenant);
            actions.Add(new JsonObject { ["add"] = add });
        }
        await SendAsync(HttpMethod.POST, "/_aliases", new JsonObject { ["actions"] = actions }, ct);
        _departmentAliases.UnionWith(missing.Select(DepartmentAlias));
    }

    public static string BulkBody(IEnumerable<SearchDocument> documents)
    {
        var sb = new StringBuilder();
        foreach (var d in documents)
        {
            var action = new JsonObject
            {
                ["index"] = new JsonObject
                {
                    ["_id"] = d.Id,
                    ["version"] = d.Version,
                    ["version_type"] = "external_gte",
                },
            };
            sb.Append(action.ToJsonString(Json)).Append('\n');
            sb.Append(Source(d).ToJsonString(Json)).Append('\n');
        }
        return sb.ToString();
    }

    private static JsonObject Source(SearchDocument d)
    {
        var source = new JsonObject
        {
            ["tenant"] = d.TenantId,
            ["item"] = d.ContentItemId,
            ["visible"] = d.Visible,
        };
        if (!d.Visible)
        {
            return source; // a tombstone keeps the version so that an older write cannot bring the item back
        }
        source["type"] = d.ContentType;
        source["account"] = d.AccountId;
        source["portal"] = d.Portal;
        source["published"] = d.PublishedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        source["title"] = d.Title;
        source["body"] = d.Body;
        source["summary"] = d.Summary;
        return source;
    }

    private async Task<SearchWriteResult> BulkAsync(string target, IReadOnlyList<SearchDocument> documents, CancellationToken ct)
    {
        var response = await SendRawAsync(HttpMethod.POST, "/" + target + "/_bulk", BulkBody(documents), ct);
        // A 200 answer can still hold failed items: read every item.
        var failures = new List<SearchWriteFailure>();
        if (response.Json?["errors"]?.GetValue<bool>() == true && response.Json["items"] is JsonArray items)
        {
            foreach (var item in items)
            {
                var result = item?["index"];
                var status = result?["status"]?.GetValue<int>() ?? 0;
                if (status < 300)
                {
                    continue;
                }
                var error = result?["error"];
                var type = error?["type"]?.GetValue<string>() ?? "";
                if (status == 409 && type == "version_conflict_engine_exception")
                {
                    continue; // the stored document is newer: the late write is correctly refused
                }
                failures.Add(new SearchWriteFailure(result?["_id"]?.GetValue<string>() ?? "", $"{status} {type}: {error?["reason"]?.GetValue<string>()}"));
            }
        }
        return new SearchWriteResult(failures);
    }

    // ---- queries ----

    public async Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        var terms = SearchText.Terms(query.Text);
        if (terms.Count == 0 || page * pageSize > 1000)
        {
            return SearchResults.Empty(page, pageSize);
        }
        var target = query.Scope switch
        {
            SearchScope.Portal => PortalAlias,
            SearchScope.Department when query.TenantId is not null => DepartmentAlias(query.TenantId),
            _ => ReadAlias,
        };
        var response = await SendAsync(HttpMethod.POST, "/" + target + "/_search", QueryBody(query, terms, page, pageSize), cancellationToken, allow404: true);
        if (response.Status == 404 || response.Json?["hits"] is not JsonObject hits)
        {
            return SearchResults.Empty(page, pageSize);
        }
        var total = hits["total"] switch
        {
            JsonObject o => o["value"]?.GetValue<long>() ?? 0,
            JsonValue v => v.GetValue<long>(),
            _ => 0,
        };
        var list = new List<SearchHit>();
        foreach (var hit in hits["hits"] as JsonArray ?? [])
        {
            var source = hit?["_source"];
            var highlight = hit?["highlight"];
            string? First(string field) => (highlight?[field] as JsonArray)?.FirstOrDefault()?.GetValue<string>();
            var title = source?["title"]?.GetValue<string>() ?? "";
            var summary = source?["summary"]?.GetValue<string>() ?? "";
            list.Add(new SearchHit(
                source?["tenant"]?.GetValue<string>() ?? "",
                source?["item"]?.GetValue<string>() ?? "",
                source?["type"]?.GetValue<string>() ?? "",
                source?["account"]?.GetValue<string>(),
                title,
                First("title") ?? First("title.cjk") ?? SearchText.Html(title),
                First("body") ?? First("body.cjk") ?? SearchText.Html(SearchText.Excerpt(summary, 120)),
                DateTime.TryParse(source?["published"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var p) ? p : default,
                hit?["_score"] is JsonValue s && s.TryGetValue<double>(out var score) ? (float)score : 0));
        }
        return new SearchResults(list, total, page, pageSize);
    }

    public static JsonObject QueryBody(SearchQuery query, IReadOnlyList<string> terms, int page, int pageSize)
    {
        var must = new JsonArray();
        foreach (var term in terms)
        {
            // Each word must match as consecutive bigrams (which also finds sub-words) in the title or the body; the
            // word fields (ik/smartcn/cjk) only for a word with a lone CJK character, which the bigram sub-fields do not
            // hold (县, 2024年). Same shape as the embedded engine: two clauses per word instead of four.
            must.Add(new JsonObject
            {
                ["multi_match"] = new JsonObject
                {
                    ["query"] = term,
                    ["type"] = "phrase",
                    ["fields"] = SearchText.HasLoneCjkCharacter(term)
                        ? new JsonArray("title^3", "body", "title.cjk^2", "body.cjk^0.7")
                        : new JsonArray("title.cjk^2", "body.cjk^0.7"),
                },
            });
        }
        var filter = new JsonArray { new JsonObject { ["term"] = new JsonObject { ["visible"] = true } } };
        if (query.TenantId is not null)
        {
            filter.Add(new JsonObject { ["term"] = new JsonObject { ["tenant"] = query.TenantId } });
        }
        var mustNot = new JsonArray();
        if (query.ExcludedTenants.Count > 0)
        {
            mustNot.Add(new JsonObject { ["terms"] = new JsonObject { ["tenant"] = new JsonArray(query.ExcludedTenants.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)!).ToArray()) } });
        }
        if (query.AccountId is not null)
        {
            filter.Add(new JsonObject { ["term"] = new JsonObject { ["account"] = query.AccountId } });
        }
        if (query.ContentType is not null)
        {
            filter.Add(new JsonObject { ["term"] = new JsonObject { ["type"] = query.ContentType } });
        }
        if (query.FromUtc is not null || query.ToUtc is not null)
        {
            var range = new JsonObject();
            if (query.FromUtc is { } from)
            {
                range["gte"] = from.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            }
            if (query.ToUtc is { } to)
            {
                range["lt"] = to.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            }
            filter.Add(new JsonObject { ["range"] = new JsonObject { ["published"] = range } });
        }
        var body = new JsonObject
        {
            ["from"] = (page - 1) * pageSize,
            ["size"] = pageSize,
            ["track_total_hits"] = true,
            ["query"] = new JsonObject { ["bool"] = new JsonObject { ["must"] = must, ["filter"] = filter, ["must_not"] = mustNot } },
            ["_source"] = new JsonArray("tenant", "item", "type", "account", "title", "summary", "published"),
            ["highlight"] = new JsonObject
            {
                ["pre_tags"] = new JsonArray("<mark>"),
                ["post_tags"] = new JsonArray("</mark>"),
                ["encoder"] = "html",
                ["fields"] = new JsonObject
                {
                    ["title"] = new JsonObject { ["number_of_fragments"] = 0 },
                    ["title.cjk"] = new JsonObject { ["number_of_fragments"] = 0 },
                    ["body"] = new JsonObject { ["fragment_size"] = 120, ["number_of_fragments"] = 1 },
                    ["body.cjk"] = new JsonObject { ["fragment_size"] = 120, ["number_of_fragments"] = 1 },
                },
            },
        };
        if (query.Sort != SearchSort.Relevance)
        {
            body["sort"] = new JsonArray(new JsonObject { ["published"] = query.Sort == SearchSort.Oldest ? "asc" : "desc" }, "_score");
        }
        return body;
    }

    // ---- rebuild ----

    /// <summary>Writes a new physical index, then moves every alias to it in one _aliases call and drops the old index.</summary>
    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, long total, IReadOnlyCollection<string> tenantIds,
        IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(tenantIds, cancellationToken);
        var current = await SendAsync(HttpMethod.GET, "/_alias/" + WriteAlias, null, cancellationToken);
        var old = (current.Json as JsonObject)?.Select(p => p.Key).ToList() ?? [];
        var index = NewIndexName();
        await CreateIndexAsync(index, tenantIds, withAliases: false, cancellationToken);
        long done = 0;
        var batch = new List<SearchDocument>(500);
        async Task FlushAsync()
        {
            var result = await BulkAsync(index, batch, cancellationToken);
            if (!result.Succeeded)
            {
                throw new SearchEngineUnavailableException($"重建索引时有 {result.Failures.Count} 条写入失败：{result.Failures[0].Error}");
            }
            done += batch.Count;
            batch.Clear();
            progress?.Report(new RebuildProgress(done, total));
        }
        await foreach (var d in documents.WithCancellation(cancellationToken))
        {
            if (d.Visible)
            {
                batch.Add(d);
            }
            if (batch.Count == 500)
            {
                await FlushAsync();
            }
        }
        if (batch.Count > 0)
        {
            await FlushAsync();
        }
        await SendAsync(HttpMethod.POST, "/" + index + "/_refresh", null, cancellationToken);

        var actions = new JsonArray();
        var names = AliasDefinitions(tenantIds.Concat(_departmentAliases.Select(a => a[(_options.IndexPrefix.Length + 6)..]))).ToList();
        foreach (var oldIndex in old)
        {
            actions.Add(new JsonObject { ["remove"] = new JsonObject { ["index"] = oldIndex, ["alias"] = _options.IndexPrefix + "-*" } });
        }
        foreach (var (alias, definition) in names)
        {
            var add = (JsonObject)definition.DeepClone();
            add["index"] = index;
            add["alias"] = alias;
            actions.Add(new JsonObject { ["add"] = add });
        }
        await SendAsync(HttpMethod.POST, "/_aliases", new JsonObject { ["actions"] = actions }, cancellationToken);
        _departmentAliases.UnionWith(names.Select(n => n.Alias).Where(a => a.StartsWith(_options.IndexPrefix + "-dept-", StringComparison.Ordinal)));
        foreach (var oldIndex in old)
        {
            await SendAsync(HttpMethod.DELETE, "/" + oldIndex, null, cancellationToken, allow404: true);
        }
        _logger.LogInformation("Elasticsearch 索引已重建为 {Index}，共 {Count} 条", index, done);
    }

    // ---- transport ----

    private sealed record EsResponse(int Status, JsonNode? Json);

    private Task<EsResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken ct, bool allow404 = false)
        => SendRawAsync(method, path, body?.ToJsonString(Json), ct, allow404);

    private Task<EsResponse> SendRawAsync(HttpMethod method, string path, string? body, CancellationToken ct, bool allow404 = false)
        => HandleAsync(method, path, allow404, () => _client.DoRequestAsync<StringResponse>(method, path, ct, body is null ? null : PostData.String(body)));

    private async Task<EsResponse> HandleAsync(HttpMethod method, string path, bool allow404, Func<Task<StringResponse>> call)
    {
        StringResponse response;
        try
        {
            response = await call();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new SearchEngineUnavailableException($"Elasticsearch 无法访问：{ex.Message}", ex);
        }
        var status = response.HttpStatusCode ?? 0;
        if (status == 404 && allow404)
        {
            return new EsResponse(404, null);
        }
        if (!response.Success || status is < 200 or >= 300)
        {
            var reason = response.OriginalException?.Message ?? Truncate(response.Body, 300);
            _logger.LogWarning("Elasticsearch {Method} {Path} 失败：{Status} {Reason}", method, path, status, reason);
            throw new SearchEngineUnavailableException(status == 0
                ? $"Elasticsearch 无法访问：{reason}"
                : $"Elasticsearch 拒绝了请求 {method} {path}：{status} {reason}", response.OriginalException);
        }
        JsonNode? json = null;
        if (!string.IsNullOrEmpty(response.Body))
        {
            try
            {
                json = JsonNode.Parse(response.Body);
            }
            catch (JsonException)
            {
                json = null;
            }
        }
        return new EsResponse(status, json);
    }

    private static string Truncate(string? s, int n) => s is null ? "" : s.Length <= n ? s : s[..n];
}
