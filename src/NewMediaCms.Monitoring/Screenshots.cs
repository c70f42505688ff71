using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Monitoring;

/// <summary>
/// A screenshot of the page as it was served, by Debian's chromium in headless mode (Monitor:Chromium, default
/// /usr/bin/chromium). The fetched HTML is shown, not a new request: what a cloaked spider saw is what is pictured.
/// Where chromium is not installed there is no screenshot, and the incident says so.
/// </summary>
public sealed class Screenshots(IConfiguration configuration, IOptions<StoreOptions> store, Microsoft.Extensions.Hosting.IHostEnvironment env, ILogger<Screenshots> logger)
{
    public string Folder
    {
        get
        {
            var appData = store.Value.AppDataPath;
            var root = Path.IsPathRooted(appData) ? appData : Path.Combine(env.ContentRootPath, appData);
            return Path.Combine(root, "monitor");
        }
    }

    public string? Chromium => configuration["Monitor:Chromium"] is { Length: > 0 } c ? (File.Exists(c) ? c : null)
        : File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    /// <summary>Takes the screenshot; returns the file name under <see cref="Folder"/>, or null.</summary>
    public async Task<string?> TakeAsync(string incidentId, string html, Uri pageUrl, CancellationToken ct)
    {
        if (Chromium is not { } chromium)
        {
            return null;
        }
        Directory.CreateDirectory(Folder);
        var htmlFile = Path.Combine(Folder, incidentId + ".html");
        var png = incidentId + ".png";
        // <base> so that the page's own styles and images load as they did for the reader. Scripts are removed first: the
        // copy may be an attacker's, and chromium runs here without its sandbox (blink-settings to turn scripts off makes
        // this chromium drop the screenshot).
        html = System.Text.RegularExpressions.Regex.Replace(html, @"<script\b[^>]*>.*?</script\s*>", "", System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.Singleline);
        var withBase = html.Contains("<head>", StringComparison.OrdinalIgnoreCase)
            ? System.Text.RegularExpressions.Regex.Replace(html, "<head>", $"<head><base href=\"{System.Net.WebUtility.HtmlEncode(pageUrl.ToString())}\">", System.Text.RegularExpressions.RegexOptions.IgnoreCase)
            : html;
        await File.WriteAllTextAsync(htmlFile, withBase, ct);
        var profile = Path.Combine(Path.GetTempPath(), "nmc-shot-" + incidentId);
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", $"--user-data-dir={profile}", "--window-size=1280,1600", $"--screenshot={Path.Combine(Folder, png)}", new Uri(htmlFile).AbsoluteUri })
        {
            start.ArgumentList.Add(a);
        }
        try
        {
            using var process = Process.Start(start)!;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(TimeSpan.FromSeconds(45));
            _ = process.StandardOutput.ReadToEndAsync(limit.Token);
            _ = process.StandardError.ReadToEndAsync(limit.Token);
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                logger.LogWarning("截图超时：{Incident}", incidentId);
                return null;
            }
            return File.Exists(Path.Combine(Folder, png)) ? png : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            logger.LogWarning(ex, "截图失败：{Incident}", incidentId);
            return null;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
