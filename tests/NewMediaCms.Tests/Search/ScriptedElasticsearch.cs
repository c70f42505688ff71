using System.Collections.Concurrent;
using System.Text;
using Elasticsearch.Net;

namespace NewMediaCms.Tests.Search;

/// <summary>One request as the client sent it.</summary>
public sealed record RecordedRequest(string Method, string PathAndQuery, string? Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// The Elasticsearch "server" of the tests: Elasticsearch.Net's InMemoryConnection with canned answers chosen per request,
/// recording every request exactly as the client would have put it on the wire. <see cref="Down"/> makes the cluster unreachable.
/// </summary>
public sealed class ScriptedElasticsearch : IConnection
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    public bool Down { get; set; }

    /// <summary>Answers by "METHOD path" prefix; the first rule that matches wins. Default: 200 {}.</summary>
    public List<(string Prefix, Func<RecordedRequest, (int Status, string Body)> Answer)> Rules { get; } = [];

    /// <summary>Every request, including the client's one-time product check (GET /).</summary>
    public IReadOnlyList<RecordedRequest> AllRequests => _requests.ToArray();

    /// <summary>The requests the provider made (without the client's product check).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.Where(r => !(r.Method == "GET" && r.PathAndQuery == "/")).ToArray();

    public void Clear() => _requests.Clear();

    public void On(string prefix, int status, string body) => Rules.Insert(0, (prefix, _ => (status, body)));

    public void On(string prefix, Func<RecordedRequest, (int, string)> answer) => Rules.Insert(0, (prefix, answer));

    public IEnumerable<RecordedRequest> Sent(string prefix) => Requests.Where(r => (r.Method + " " + r.PathAndQuery).StartsWith(prefix, StringComparison.Ordinal));

    private InMemoryConnection Answer(RequestData data)
    {
        string? body = null;
        if (data.PostData is not null)
        {
            using var stream = new MemoryStream();
            data.PostData.Write(stream, data.ConnectionSettings);
            body = Encoding.UTF8.GetString(stream.ToArray());
        }
        var headers = new Dictionary<string, string>();
        if (data.Headers is not null)
        {
            foreach (var key in data.Headers.AllKeys)
            {
                headers[key!] = data.Headers[key] ?? "";
            }
        }
        headers["Accept"] = data.Accept;
        headers["Content-Type"] = data.RequestMimeType;
        var request = new RecordedRequest(data.Method.ToString(), data.Uri.PathAndQuery, body, headers);
        _requests.Enqueue(request);
        if (Down)
        {
            return new InMemoryConnection(null, 502, new System.Net.Http.HttpRequestException("Connection refused (127.0.0.1:9200)"));
        }
        if (request.Method == "GET" && request.PathAndQuery == "/")
        {
            return new InMemoryConnection(Encoding.UTF8.GetBytes(
                "{\"name\":\"es1\",\"cluster_name\":\"test\",\"version\":{\"number\":\"8.15.0\",\"build_flavor\":\"default\"},\"tagline\":\"You Know, for Search\"}"), 200);
        }
        foreach (var (prefix, answer) in Rules)
        {
            if ((request.Method + " " + request.PathAndQuery).StartsWith(prefix, StringComparison.Ordinal))
            {
                var (status, text) = answer(request);
                return new InMemoryConnection(Encoding.UTF8.GetBytes(text), status);
            }
        }
        return new InMemoryConnection(Encoding.UTF8.GetBytes("{}"), 200);
    }

    public TResponse Request<TResponse>(RequestData requestData) where TResponse : class, IElasticsearchResponse, new()
        => Answer(requestData).Request<TResponse>(requestData);

    public Task<TResponse> RequestAsync<TResponse>(RequestData requestData, CancellationToken cancellationToken) where TResponse : class, IElasticsearchResponse, new()
        => Answer(requestData).RequestAsync<TResponse>(requestData, cancellationToken);

    public void Dispose()
    {
    }

    /// <summary>A bulk answer: HTTP 200 with one item per document, failures given by id.</summary>
    public static string BulkAnswer(string ndjson, IReadOnlyDictionary<string, (int Status, string Type)>? failures = null)
    {
        var ids = ndjson.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0)
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!["index"]!["_id"]!.GetValue<string>()).ToList();
        var items = ids.Select(id => failures is not null && failures.TryGetValue(id, out var f)
            ? $"{{\"index\":{{\"_index\":\"nmc-content-1\",\"_id\":\"{id}\",\"status\":{f.Status},\"error\":{{\"type\":\"{f.Type}\",\"reason\":\"because\"}}}}}}"
            : $"{{\"index\":{{\"_index\":\"nmc-content-1\",\"_id\":\"{id}\",\"_version\":1,\"result\":\"created\",\"status\":201}}}}");
        var errors = failures is { Count: > 0 } ? "true" : "false";
        return $"{{\"took\":3,\"errors\":{errors},\"items\":[{string.Join(",", items)}]}}";
    }
}
