using System.Globalization;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Export;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection.Export;

/// <summary>
/// A run as CSV (UTF-8 with BOM, so that Excel reads the Chinese: accounts, or findings with their evidence) and as an Excel
/// workbook (accounts + findings). Exports follow the filter on screen (<see cref="ResultFilter"/>: the dashboard's query).
/// </summary>
public sealed class RunExporter(NmcDbContext db, InspectionReports reports)
{
    public static readonly string[] AccountColumns = ["部门", "账号", "账号ID", "平台", "类型", "状态", "最后发布", "未更新天数", "近14天", "近30天", "近90天", "检查结论", "得分", "问题规则"];
    public static readonly string[] FindingColumns = ["部门", "账号ID", "规则", "性质", "扣分", "问题", "阈值", "证据", "证据链接", "整改任务"];

    public sealed record Export(InspectionRun Run, List<InspectionAccountResult> Accounts, List<InspectionFinding> Findings, ResultFilter Filter);

    public async Task<Export?> LoadAsync(long runId, ResultFilter filter, CancellationToken ct)
    {
        var run = await db.Set<InspectionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct);
        if (run is null)
        {
            return null;
        }
        var accounts = (await reports.ResultsAsync(runId, filter, ct)).OrderBy(r => r.TenantId, StringComparer.Ordinal).ThenBy(r => r.AccountId, StringComparer.Ordinal).ToList();
        var findings = await reports.FindingsAsync(runId, filter, accounts.Select(a => a.AccountId).ToList(), ct);
        return new Export(run, accounts, findings, filter);
    }

    public static string[] Row(InspectionAccountResult r, TimeZoneInfo zone) =>
    [
        r.DepartmentName, r.AccountName, r.AccountId, PlatformNames.Chinese(r.Platform), PlatformNames.Chinese(r.Kind), PlatformNames.Chinese(r.State),
        r.LastPostUtc is { } l ? TimeZoneInfo.ConvertTimeFromUtc(l, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "从未发布",
        r.DaysSinceLastPost?.ToString(CultureInfo.InvariantCulture) ?? "", r.Posts14.ToString(CultureInfo.InvariantCulture),
        r.Posts30.ToString(CultureInfo.InvariantCulture), r.Posts90.ToString(CultureInfo.InvariantCulture),
        InspectionScoring.Chinese(r.Status), r.Status == AccountStatus.NotInspected ? "" : r.Score.ToString("0.#", CultureInfo.InvariantCulture), r.RulesBroken,
    ];

    public static string[] Row(InspectionFinding f, IReadOnlyDictionary<string, string> departments) =>
    [
        departments.GetValueOrDefault(f.TenantId, f.TenantId), f.AccountId ?? "", f.RuleId, InspectionScoring.Chinese(f.Severity),
        f.Points.ToString("0.#", CultureInfo.InvariantCulture), f.Message, f.Threshold, EvidenceText(f.EvidenceJson), EvidenceLinks(f.EvidenceJson), f.Task ?? "",
    ];

    private static List<Evidence> Parse(string json)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<List<Evidence>>(json, InspectionSettings.Json) ?? [];
        }
        catch (System.Text.Json.JsonException)
        {
            return [];
        }
    }

    public static string EvidenceText(string json) => string.Join("；", Parse(json).Select(e => $"{e.Label}：{e.Value}"));

    /// <summary>Where the evidence can be seen: the addresses it was found at, and the evidence page of each item it names.</summary>
    public static string EvidenceLinks(string json)
        => string.Join(" ", Parse(json).SelectMany(e => new[] { e.Url, e.ContentItemId is { } id ? ItemEvidencePath(id) : null }).OfType<string>().Distinct());

    /// <summary>The admin page that shows an item's versions as evidence.</summary>
    public static string ItemEvidencePath(string contentItemId) => "/admin/inspection/content/" + Uri.EscapeDataString(contentItemId);

    public static byte[] FindingsCsv(IEnumerable<InspectionFinding> findings, IReadOnlyDictionary<string, string> departments)
        => SpreadsheetCsv.Write(FindingColumns, findings.Select(f => Row(f, departments)));

    /// <summary>The CSV of a run's accounts, written the one way every export writes CSV (<see cref="SpreadsheetCsv"/>).</summary>
    public static byte[] Csv(IEnumerable<InspectionAccountResult> accounts, TimeZoneInfo zone)
        => SpreadsheetCsv.Write(AccountColumns, accounts.Select(r => Row(r, zone)));

    /// <summary>The formula guard (its home is <see cref="SpreadsheetCsv.Guard"/>).</summary>
    public static string Guard(string value) => SpreadsheetCsv.Guard(value);

    public static byte[] Xlsx(InspectionRun run, IEnumerable<InspectionAccountResult> accounts, IEnumerable<InspectionFinding> findings, IReadOnlyDictionary<string, string> departments, TimeZoneInfo zone,
        ResultFilter? filter = null)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("账号");
        var list = accounts.ToList();
        var accountCount = list.Count;
        Write(sheet, AccountColumns, list.Select(r => Row(r, zone)));
        var fs = workbook.Worksheets.Add("问题");
        Write(fs, FindingColumns, findings.Select(f => Row(f, departments)));
        var info = workbook.Worksheets.Add("说明");
        info.Cell(1, 1).Value = "检查编号";
        info.Cell(1, 2).Value = run.Id;
        info.Cell(2, 1).Value = "检查时间";
        info.Cell(2, 2).Value = TimeZoneInfo.ConvertTimeFromUtc(run.AsOfUtc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        info.Cell(3, 1).Value = "检查账号";
        info.Cell(3, 2).Value = run.Inspected;
        info.Cell(4, 1).Value = "合格（含预警）";
        info.Cell(4, 2).Value = InspectionCounting.Passing(run);
        info.Cell(5, 1).Value = "否决";
        info.Cell(5, 2).Value = run.Vetoed;
        info.Cell(6, 1).Value = "筛选";
        info.Cell(6, 2).Value = filter is null || filter.IsEmpty ? "全部" : filter.Query().TrimStart('?');
        info.Cell(7, 1).Value = "本表账号";
        info.Cell(7, 2).Value = accountCount;
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }

    private static void Write(IXLWorksheet sheet, string[] columns, IEnumerable<string[]> rows)
    {
        for (var c = 0; c < columns.Length; c++)
        {
            sheet.Cell(1, c + 1).Value = columns[c];
            sheet.Cell(1, c + 1).Style.Font.Bold = true;
        }
        var r = 2;
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                // Text cells: an account name like "=..." stays text, never a formula.
                sheet.Cell(r, c + 1).SetValue(row[c]);
            }
            r++;
        }
        sheet.SheetView.FreezeRows(1);
    }
}
