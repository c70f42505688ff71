using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>Share of accounts passing and dormant count over the runs, for the matrix or one department, drawn as inline SVG.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class TrendModel(InspectionReports reports, TenantRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }

    public List<Point> Points { get; private set; } = [];
    public List<(string Id, string Name)> Departments { get; private set; } = [];
    public string Svg { get; private set; } = "";

    public sealed record Point(long RunId, DateTime AsOfUtc, int Inspected, int Passing, int Dormant)
    {
        public double Share => InspectionCounting.PassShare(Passing, Inspected);
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Departments = registry.All.Select(t => (t.Id, t.DisplayName)).ToList();
        var runs = (await reports.SucceededRunsAsync(90, ct)).OrderBy(r => r.AsOfUtc).ToList();
        if (string.IsNullOrEmpty(Department))
        {
            Points = runs.Select(r => new Point(r.Id, r.AsOfUtc, r.Inspected, InspectionCounting.Passing(r), r.Dormant)).ToList();
        }
        else
        {
            var ids = runs.Select(r => r.Id).ToList();
            var rows = await reports.DepartmentStatusesAsync(ids, Department, ct);
            var byRun = rows.ToLookup(r => r.RunId);
            Points = runs.Select(r => new Point(r.Id, r.AsOfUtc, byRun[r.Id].Count(),
                byRun[r.Id].Count(x => InspectionCounting.IsPassing(x.Status)),
                byRun[r.Id].Count(x => InspectionCounting.IsDormant(x.RulesBroken)))).ToList();
        }
        Svg = Draw(Points);
    }

    /// <summary>Two lines: share passing (left axis, 0-100%) and dormant accounts (right axis).</summary>
    public static string Draw(IReadOnlyList<Point> points)
    {
        const int w = 720, h = 260, left = 50, right = 50, top = 20, bottom = 40;
        var plotW = w - left - right;
        var plotH = h - top - bottom;
        var maxDormant = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Dormant));
        string X(int i) => (left + (points.Count <= 1 ? plotW / 2.0 : i * plotW / (double)(points.Count - 1))).ToString("0.#", CultureInfo.InvariantCulture);
        string Y(double fraction) => (top + plotH * (1 - fraction)).ToString("0.#", CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"trend-title\" viewBox=\"0 0 {w} {h}\" width=\"100%\" class=\"trend-chart\">");
        sb.Append("<title id=\"trend-title\">合格率与睡眠账号数趋势</title>");
        sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left}\" y=\"{top}\" width=\"{plotW}\" height=\"{plotH}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        foreach (var f in new[] { 0, 0.5, 1 })
        {
            sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{left + plotW}\" y1=\"{Y(f)}\" y2=\"{Y(f)}\" stroke=\"#e0e0e0\"/>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{Y(f)}\" font-size=\"11\" text-anchor=\"end\" fill=\"#1b5e20\">{f:P0}</text>");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + plotW + 6}\" y=\"{Y(f)}\" font-size=\"11\" fill=\"#b00020\">{Math.Round(maxDormant * f)}</text>");
        }
        if (points.Count > 0)
        {
            sb.Append("<polyline class=\"share\" fill=\"none\" stroke=\"#1b5e20\" stroke-width=\"2\" points=\"");
            sb.AppendJoin(' ', points.Select((p, i) => $"{X(i)},{Y(p.Share)}"));
            sb.Append("\"/>");
            sb.Append("<polyline class=\"dormant\" fill=\"none\" stroke=\"#b00020\" stroke-width=\"2\" stroke-dasharray=\"6 3\" points=\"");
            sb.AppendJoin(' ', points.Select((p, i) => $"{X(i)},{Y(p.Dormant / (double)maxDormant)}"));
            sb.Append("\"/>");
            for (var i = 0; i < points.Count; i++)
            {
                var p = points[i];
                sb.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(i)}\" cy=\"{Y(p.Share)}\" r=\"3\" fill=\"#1b5e20\"><title>第 {p.RunId} 次：合格率 {p.Share:P0}</title></circle>");
                sb.Append(CultureInfo.InvariantCulture, $"<rect x=\"{X(i)}\" y=\"{Y(p.Dormant / (double)maxDormant)}\" width=\"5\" height=\"5\" transform=\"translate(-2.5 -2.5)\" fill=\"#b00020\"><title>第 {p.RunId} 次：睡眠 {p.Dormant} 个</title></rect>");
            }
            var first = InspectionPageData.Local(points[0].AsOfUtc, "MM-dd");
            var last = InspectionPageData.Local(points[^1].AsOfUtc, "MM-dd");
            sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 15}\" font-size=\"11\">{first}</text><text x=\"{left + plotW}\" y=\"{h - 15}\" font-size=\"11\" text-anchor=\"end\">{last}</text>");
        }
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{left}\" y=\"{h - 2}\" font-size=\"11\" fill=\"#1b5e20\">— 合格率（左轴）</text><text x=\"{left + 160}\" y=\"{h - 2}\" font-size=\"11\" fill=\"#b00020\">- - 睡眠账号数（右轴）</text>");
        sb.Append("</svg>");
        return sb.ToString();
    }
}
