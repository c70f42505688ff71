using NewMediaCms.Core.Http;

namespace NewMediaCms.PublicSite;

/// <summary>
/// 适老化 elder mode: larger type (20, 24 or 30 px root size instead of 16), more line spacing, high contrast and
/// 60x60 px targets. The visitor's choice lives in a cookie, set by a plain link (/elder-mode?size=N&amp;return=...)
/// so it works without JavaScript; elder.js applies it in place when scripts run.
/// </summary>
public readonly record struct ElderMode(int Size)
{
    public const string Cookie = "nmc-elder";

    public static readonly int[] Sizes = [20, 24, 30];

    public bool On => Size > 0;

    public string CacheKey => Size.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static ElderMode Read(HttpRequest request)
        => int.TryParse(request.Cookies[Cookie], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size) && Sizes.Contains(size)
            ? new ElderMode(size)
            : new ElderMode(0);

    /// <summary>GET /elder-mode?size=0|20|24|30&amp;return=/local/path: stores the choice and goes back.</summary>
    public static IResult Switch(HttpContext http)
    {
        var raw = http.Request.Query["size"].ToString();
        var size = int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var s) && Sizes.Contains(s) ? s : 0;
        http.Response.Cookies.Append(Cookie, size.ToString(System.Globalization.CultureInfo.InvariantCulture), new CookieOptions
        {
            Path = "/",
            MaxAge = TimeSpan.FromDays(365),
            SameSite = SameSiteMode.Lax,
            HttpOnly = false, // elder.js reads and writes it
            IsEssential = true,
        });
        http.Response.Headers.CacheControl = "no-store";
        // Only a path of this site is followed (no open redirect): the one check of every redirect target.
        return Results.Redirect(LocalUrl.OrFallback(http.Request.Query["return"].ToString(), http.Request.PathBase + "/"));
    }
}

/// <summary>What templates see of elder mode: whether it is on, the size, and the links that switch it.</summary>
public sealed record ElderView(bool On, int Size, string OffUrl, IReadOnlyList<ElderSizeLink> Sizes);

public sealed record ElderSizeLink(int Size, string Label, string Url, bool Current);
