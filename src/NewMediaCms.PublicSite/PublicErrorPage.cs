using Microsoft.AspNetCore.Diagnostics;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;

namespace NewMediaCms.PublicSite;

/// <summary>The reader never sees a stack trace: errors are logged and answered with the theme's error page.</summary>
public static class PublicErrorPage
{
    public static async Task WriteAsync(HttpContext http)
    {
        var error = http.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NewMediaCms.Errors");
        if (error is BadHttpRequestException bad)
        {
            // The client's mistake (malformed JSON, no body, too large): a 4xx saying what is wrong, not a server error.
            var (status, title, detail) = RequestErrors.Describe(bad);
            logger.LogInformation("请求有误（{Status}）：{Path}：{Reason}", status, http.Request.Path, bad.Message);
            http.Response.StatusCode = status;
            if (http.Request.Path.StartsWithSegments("/api"))
            {
                await Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(http);
                return;
            }
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(title + "：" + detail);
            return;
        }
        logger.LogError(error, "未处理的异常：{Path}", http.Request.Path);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(title: "服务器内部错误", detail: "请求未能完成，错误已记录。", statusCode: 500).ExecuteAsync(http);
            return;
        }
        try
        {
            var tenant = http.RequestServices.GetRequiredService<ITenantContext>().Current
                         ?? http.RequestServices.GetRequiredService<TenantRegistry>().Portal;
            var themes = http.RequestServices.GetRequiredService<ThemeRenderer>();
            var model = new Dictionary<string, object?>
            {
                ["site"] = new SiteView("政务新媒体矩阵", "", ""),
                ["tenant"] = tenant is null ? null : new TenantView(tenant.Id, tenant.DisplayName, tenant.PathBase + "/", tenant.IsPortal, "", 0),
                ["page"] = SiteModelBuilder.Page(http.Request, "服务暂时不可用", ""),
                ["portal_url"] = "/",
            };
            var html = await themes.RenderPageAsync(tenant?.Theme ?? "matrix", "error", model);
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(html);
        }
        catch (Exception ex)
        {
            http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("NewMediaCms.Errors").LogError(ex, "错误页本身出错");
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("服务暂时不可用，请稍后再试。");
        }
    }
}
