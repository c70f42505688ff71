using System.Text.Json;

namespace NewMediaCms.PublicSite;

/// <summary>
/// What a client did wrong, in Chinese: the one translation of <see cref="BadHttpRequestException"/> (malformed or
/// missing JSON, a wrong content type, a body too large) into a 4xx answer. Minimal APIs throw it for every bad request
/// body (RouteHandlerOptions.ThrowOnBadRequest is on in every environment), and the exception handler answers with
/// this: a ProblemDetails on /api, the error page elsewhere. Never a 500, never an empty 400.
/// </summary>
public static class RequestErrors
{
    public static (int Status, string Title, string Detail) Describe(BadHttpRequestException error)
    {
        var json = FindJsonError(error);
        return error.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => (413, "请求正文过大", "请求正文超过了允许的大小，请减少内容后重试。"),
            StatusCodes.Status415UnsupportedMediaType => (415, "请求格式不受支持", "请求正文须为 JSON，并带有 Content-Type: application/json。"),
            _ when json is { } j => (400, "请求正文不是有效的 JSON", JsonDetail(j)),
            _ => (error.StatusCode is >= 400 and < 500 ? error.StatusCode : 400, "请求有误", "请求的正文或参数缺失或格式不正确（此操作需要 JSON 正文时请一并发送），请核对后重试。"),
        };
    }

    private static JsonException? FindJsonError(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is JsonException j)
            {
                return j;
            }
        }
        return null;
    }

    private static string JsonDetail(JsonException j)
    {
        var where = j.LineNumber is { } line ? $"第 {line + 1} 行第 {(j.BytePositionInLine ?? 0) + 1} 个字节附近" : "";
        var field = string.IsNullOrEmpty(j.Path) || j.Path == "$" ? "" : $"（字段 {j.Path}）";
        return $"请求正文{where}{field}不是有效的 JSON，或值的类型不对（例如应为数字或文本），请改正后重试。";
    }
}
