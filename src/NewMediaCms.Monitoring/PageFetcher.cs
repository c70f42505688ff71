using System.Diagnostics;
using System.Net;
using System.Text;

namespace NewMediaCms.Monitoring;

/// <summary>Who asks for the page: a reader's browser, or a search engine's spider arriving from its results (cloaking shows only to those).</summary>
public sealed record Visitor(string Name, string UserAgent, string? Referrer)
{
    public static readonly Visitor Browser = new("浏览器",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36", null);

    public static readonly Visitor Spider = new("百度蜘蛛",
        "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "https://www.baidu.com/s?wd=%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80");
}

/// <summary>A fetched page, or why it could not be checked (无法检查).</summary>
public sealed record FetchResult(bool Ok, string Url, int? Status, string Html, long ElapsedMs, string? Problem, string? RedirectedTo)
{
    public static FetchResult Failed(string url, int? status, long ms, string problem, string? redirectedTo = null) => new(false, url, status, "", ms, problem, redirectedTo);
}

/// <summary>
/// Fetches pages the way readers reach them. Redirects are followed by hand (at most 3, same host only): a redirect to
/// another host, an error status, a non-HTML answer, a body over 8 MB or no complete answer within the time limit is a
/// "could not check", never a clean result.
/// </summary>
public sealed class PageFetcher(IHttpClientFactory clients)
{
    public const string PublicClient = "nmc-monitor-public";
    public const string OriginClient = "nmc-monitor-origin";
    private const int MaxBytes = 8 * 1024 * 1024;

    public Task<FetchResult> FetchAsync(Uri url, Visitor visitor, TimeSpan timeout, CancellationToken ct)
        => FetchAsync(PublicClient, url, visitor, timeout, null, ct);

    public Task<FetchResult> FetchAsync(string client, Uri url, Visitor visitor, TimeSpan timeout, Action<HttpRequestMessage>? prepare, CancellationToken ct)
        => FetchAsync(client, url, visitor, timeout, prepare, Page, ct);

    /// <summary>A style sheet the page links (text/css, at most 1 MB), as the same visitor gets it.</summary>
    public Task<FetchResult> FetchStyleSheetAsync(string client, Uri url, Visitor visitor, TimeSpan timeout, Action<HttpRequestMessage>? prepare, CancellationToken ct)
        => FetchAsync(client, url, visitor, timeout, prepare, StyleSheet, ct);

    private sealed record Expected(string Accept, string TypeWord, string What, int MaxBytes);

    private static readonly Expected Page = new("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8", "html", "网页", MaxBytes);

    private static readonly Expected StyleSheet = new("text/css,*/*;q=0.1", "css", "样式表", 1024 * 1024);

    private async Task<FetchResult> FetchAsync(string client, Uri url, Visitor visitor, TimeSpan timeout, Action<HttpRequestMessage>? prepare, Expected expected, CancellationToken ct)
    {
        var http = clients.CreateClient(client);
        var watch = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var current = url;
        try
        {
            for (var hop = 0; hop <= 3; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", visitor.UserAgent);
                request.Headers.TryAddWithoutValidation("Accept", expected.Accept);
                request.Headers.TryAddWithoutValidation("Accept-Language", "zh-CN,zh;q=0.9");
                if (visitor.Referrer is not null)
                {
                    request.Headers.Referrer = new Uri(visitor.Referrer);
                }
                prepare?.Invoke(request);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!string.Equals(next.Authority, current.Authority, StringComparison.OrdinalIgnoreCase))
                    {
                        return FetchResult.Failed(url.ToString(), status, watch.ElapsedMilliseconds, $"跳转到其他主机：{next}", next.ToString());
                    }
                    current = next;
                    continue;
                }
                if (status >= 400)
                {
                    return FetchResult.Failed(url.ToString(), status, watch.ElapsedMilliseconds, $"服务器返回 HTTP {status}");
                }
                var type = response.Content.Headers.ContentType?.MediaType ?? "";
                if (!type.Contains(expected.TypeWord, StringComparison.OrdinalIgnoreCase))
                {
                    return FetchResult.Failed(url.ToString(), status, watch.ElapsedMilliseconds, $"返回的不是{expected.What}（{(type.Length == 0 ? "无类型" : type)}）");
                }
                var body = await ReadLimitedAsync(response, expected.MaxBytes, limit.Token);
                if (body is null)
                {
                    return FetchResult.Failed(url.ToString(), status, watch.ElapsedMilliseconds, $"{expected.What}超过 {expected.MaxBytes / 1024 / 1024} MB");
                }
                return new FetchResult(true, url.ToString(), status, body, watch.ElapsedMilliseconds, null, current == url ? null : current.ToString());
            }
            return FetchResult.Failed(url.ToString(), null, watch.ElapsedMilliseconds, "跳转次数过多");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return FetchResult.Failed(url.ToString(), null, watch.ElapsedMilliseconds, $"{timeout.TotalSeconds:0} 秒内未加载完成");
        }
        catch (HttpRequestException ex)
        {
            return FetchResult.Failed(url.ToString(), ex.StatusCode is { } s ? (int)s : null, watch.ElapsedMilliseconds, "无法连接：" + ex.Message);
        }
        catch (IOException ex)
        {
            return FetchResult.Failed(url.ToString(), null, watch.ElapsedMilliseconds, "连接中断：" + ex.Message);
        }
    }

    /// <summary>Asks the proxy or CDN in front to drop its copy of a page (HTTP PURGE); returns the status, or null when it did not answer.</summary>
    public async Task<int?> PurgeAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        var http = clients.CreateClient(PublicClient);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(new HttpMethod("PURGE"), url);
            using var response = await http.SendAsync(request, limit.Token);
            return (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Whether a link works: its status after same-host redirects; a problem (status ≥ 400, no answer in time, no connection) or null.</summary>
    public async Task<(int? Status, string? Problem)> StatusAsync(Uri url, TimeSpan timeout, CancellationToken ct)
    {
        var http = clients.CreateClient(PublicClient);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        var current = url;
        try
        {
            for (var hop = 0; hop <= 5; hop++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, current);
                request.Headers.TryAddWithoutValidation("User-Agent", Visitor.Browser.UserAgent);
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token);
                var status = (int)response.StatusCode;
                if (status is >= 300 and < 400 && response.Headers.Location is { } location)
                {
                    var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                    if (!string.Equals(next.Authority, current.Authority, StringComparison.OrdinalIgnoreCase))
                    {
                        return (status, null);
                    }
                    current = next;
                    continue;
                }
                return status >= 400 ? (status, $"HTTP {status}") : (status, null);
            }
            return (null, "跳转次数过多");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (null, $"{timeout.TotalSeconds:0} 秒内无响应");
        }
        catch (HttpRequestException ex)
        {
            return (null, "无法连接：" + ex.Message);
        }
    }

    private static async Task<string?> ReadLimitedAsync(HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return null;
            }
        }
        var charset = response.Content.Headers.ContentType?.CharSet;
        var encoding = Encoding.UTF8;
        if (!string.IsNullOrEmpty(charset))
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
            }
        }
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
