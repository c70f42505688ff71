using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Submissions;

/// <summary>各部门报送采用统计 (matrix administrators and auditors): submitted, adopted, returned, open and the adoption rate per department for a period; CSV.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class FiguresModel(SubmissionQueries queries) : PageModel
{
    public AdoptionReport? Report { get; private set; }
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var (from, to, error) = queries.Period(From, To);
        Error = error;
        if (error is null)
        {
            Report = await queries.AdoptionAsync(from, to, ct);
            From = from.ToString("yyyy-MM-dd");
            To = to.ToString("yyyy-MM-dd");
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        var (from, to, error) = queries.Period(From, To);
        if (error is not null)
        {
            Error = error;
            return Page();
        }
        return File(SubmissionQueries.Csv(await queries.AdoptionAsync(from, to, ct)), "text/csv; charset=utf-8", $"报送采用统计-{from:yyyyMMdd}-{to:yyyyMMdd}.csv");
    }
}
