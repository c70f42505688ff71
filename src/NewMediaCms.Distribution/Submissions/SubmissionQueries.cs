using System.Globalization;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Export;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>One submission as the submitter, the desk and the API see it (<see cref="Markdown"/> only for one submission).</summary>
public sealed record SubmissionView(
    long Id,
    string SourceTenantId,
    string SourceName,
    string DeskTenantId,
    string DeskName,
    string SourceItemId,
    int SourceVersionNumber,
    string ContentType,
    string Title,
    string? Note,
    string SubmittedBy,
    DateTime SubmittedUtc,
    SubmissionState State,
    string? DecidedBy,
    DateTime? DecidedUtc,
    string? ReturnReason,
    string? AdoptedItemId,
    string? AdoptedAccountId,
    DateTime? AdoptedUtc,
    string? Markdown = null)
{
    public string StateName => SubmissionStates.Chinese(State);
}

/// <summary>One department's figures for a period (by submission date): submitted, adopted, returned, still open, and the adoption rate.</summary>
public sealed record AdoptionCount(string TenantId, string Name, int Submitted, int Adopted, int Returned, int Pending)
{
    /// <summary>采用率: adopted of submitted, 0 when nothing was submitted.</summary>
    public double Rate => Submitted == 0 ? 0 : (double)Adopted / Submitted;

    public string RateText => Submitted == 0 ? "—" : (Rate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

/// <summary>The figures of every department that can submit (all but the main account's), for local days <see cref="From"/> to <see cref="To"/> inclusive.</summary>
public sealed record AdoptionReport(DateOnly From, DateOnly To, IReadOnlyList<AdoptionCount> Rows)
{
    public AdoptionCount Total => new("", "合计", Rows.Sum(r => r.Submitted), Rows.Sum(r => r.Adopted), Rows.Sum(r => r.Returned), Rows.Sum(r => r.Pending));
}

/// <summary>
/// The read side of 信息报送: a department's own submissions, the desk's inbox, one submission (visible to both
/// sides, to no one else), the desk's open count (to-dos) and the matrix's adoption figures per department.
/// </summary>
public sealed class SubmissionQueries(NmcDbContext db, ITenantContext tenant, TenantRegistry registry, TimeProvider clock)
{
    public const int ListLimit = 500;

    /// <summary>What the current department submitted, newest first.</summary>
    public async Task<List<SubmissionView>> SentAsync(CancellationToken ct = default)
    {
        var current = tenant.TenantId;
        return Views(await db.Set<Submission>().AcrossTenants().AsNoTracking().Where(s => s.SourceTenantId == current)
            .OrderByDescending(s => s.SubmittedUtc).ThenByDescending(s => s.Id).Take(ListLimit).ToListAsync(ct));
    }

    /// <summary>What was submitted to the current department: open ones first (oldest first), then the rest, newest first.</summary>
    public async Task<List<SubmissionView>> InboxAsync(CancellationToken ct = default)
    {
        var rows = await db.Set<Submission>().AsNoTracking().OrderByDescending(s => s.SubmittedUtc).ThenByDescending(s => s.Id).Take(ListLimit).ToListAsync(ct);
        return Views([.. rows.Where(s => s.State == SubmissionState.Open).OrderBy(s => s.SubmittedUtc), .. rows.Where(s => s.State != SubmissionState.Open)]);
    }

    /// <summary>How many submissions wait for the current department's decision.</summary>
    public Task<int> OpenCountAsync(CancellationToken ct = default)
        => db.Set<Submission>().CountAsync(s => s.State == SubmissionState.Open, ct);

    /// <summary>One submission, with its content, when the current department sent or received it.</summary>
    public async Task<SubmissionView?> FindAsync(long id, CancellationToken ct = default)
    {
        var current = tenant.TenantId;
        var row = await db.Set<Submission>().AcrossTenants().AsNoTracking()
            .FirstOrDefaultAsync(s => s.Id == id && (s.TenantId == current || s.SourceTenantId == current), ct);
        return row is null ? null : View(row) with { Markdown = row.Markdown };
    }

    /// <summary>
    /// The adoption figures per department for the local days <paramref name="from"/> to <paramref name="to"/> (inclusive,
    /// on the main account's clock), by submission date: of what a department submitted in the period, how much was
    /// adopted (published by the desk), returned, or is still open. One grouped query across departments.
    /// </summary>
    public async Task<AdoptionReport> AdoptionAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var (start, end) = Window(from, to);
        var grouped = await db.Set<Submission>().AcrossTenants().AsNoTracking()
            .Where(s => s.SubmittedUtc >= start && s.SubmittedUtc < end)
            .GroupBy(s => new { s.SourceTenantId, s.State })
            .Select(g => new { g.Key.SourceTenantId, g.Key.State, Count = g.Count() })
            .ToListAsync(ct);
        var byDepartment = grouped.ToLookup(g => g.SourceTenantId);
        int Of(string tenantId, params SubmissionState[] states) => byDepartment[tenantId].Where(g => states.Contains(g.State)).Sum(g => g.Count);
        var departments = registry.All.Where(t => !t.IsPortal).Select(t => (t.Id, t.DisplayName))
            .Concat(byDepartment.Select(g => g.Key).Where(id => registry.Find(id) is null).Select(id => (Id: id, DisplayName: id)));
        var rows = departments.Select(d => new AdoptionCount(d.Id, d.DisplayName,
                Of(d.Id, Enum.GetValues<SubmissionState>()), Of(d.Id, SubmissionState.Adopted), Of(d.Id, SubmissionState.Returned),
                Of(d.Id, SubmissionState.Open, SubmissionState.Adopting)))
            .ToList();
        return new AdoptionReport(from, to, rows);
    }

    /// <summary>The period of the figures: yyyy-MM-dd to yyyy-MM-dd (inclusive); by default this month up to today, on the matrix clock.</summary>
    public (DateOnly From, DateOnly To, string? Error) Period(string? from, string? to)
    {
        var today = MatrixClock.Today;
        DateOnly start = new(today.Year, today.Month, 1), end = today;
        if (from is { Length: > 0 } && !DateOnly.TryParseExact(from.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out start))
        {
            return (default, default, $"开始日期“{from}”无法识别，请按 yyyy-MM-dd 填写，例如 2026-12-01。");
        }
        if (to is { Length: > 0 } && !DateOnly.TryParseExact(to.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
        {
            return (default, default, $"结束日期“{to}”无法识别，请按 yyyy-MM-dd 填写，例如 2026-12-31。");
        }
        return end < start ? (default, default, "结束日期不能早于开始日期，请调整统计时段。") : (start, end, null);
    }

    /// <summary>The report as CSV for spreadsheets (the export rule of <see cref="SpreadsheetCsv"/>).</summary>
    public static byte[] Csv(AdoptionReport report)
        => SpreadsheetCsv.Write(["部门", "部门代码", "报送", "采用", "退回", "待处理", "采用率"],
            report.Rows.Append(report.Total).Select(r => (IReadOnlyList<string>)[r.Name, r.TenantId, Number(r.Submitted), Number(r.Adopted), Number(r.Returned), Number(r.Pending), r.RateText]));

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The clock the period's days are read on: the main account's (the matrix's) zone.</summary>
    public TenantClock MatrixClock => TenantClock.For(registry.Portal, clock);

    /// <summary>UTC instants of the start of <paramref name="from"/> and of the day after <paramref name="to"/>.</summary>
    internal (DateTime Start, DateTime End) Window(DateOnly from, DateOnly to) => (MatrixClock.StartOfDayUtc(from), MatrixClock.StartOfDayUtc(to.AddDays(1)));

    private List<SubmissionView> Views(IEnumerable<Submission> rows) => [.. rows.Select(View)];

    private SubmissionView View(Submission s)
    {
        var parties = SubmissionService.PartiesOf(s, registry);
        return new(s.Id, s.SourceTenantId, parties.SourceName, s.TenantId, parties.DeskName, s.SourceItemId, s.SourceVersionNumber, s.ContentType, s.Title, s.Note,
            s.SubmittedBy, s.SubmittedUtc, s.State, s.DecidedBy, s.DecidedUtc, s.ReturnReason, s.AdoptedItemId, s.AdoptedAccountId, s.AdoptedUtc);
    }
}
