using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The publishing calendar: a month grid of publish-at and unpublish-at times in the department's time zone;
/// matrix roles may switch to every department. Also shows how many misses the reconciler caught.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ScheduleModel(ScheduleCalendar calendar, ITenantContext tenant, TenantRegistry registry, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Month { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool All { get; set; }

    public DateTime First { get; private set; }

    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    public bool CanSeeAll { get; private set; }

    public List<CalendarEntry> Entries { get; private set; } = [];

    public MissCounts Misses { get; private set; } = new(0, 0, 0, null);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var local = tenant.Clock(clock);
        Zone = local.Zone;
        var today = local.LocalNow;
        First = DateTime.TryParseExact(Month, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : new DateTime(today.Year, today.Month, 1);
        CanSeeAll = TenantPolicies.HasMatrixRole(User);
        All &= CanSeeAll;
        var from = local.ToUtc(First);
        var to = local.ToUtc(First.AddMonths(1));
        Entries = await calendar.EntriesAsync(from, to, All, ct);
        Misses = await calendar.MissesAsync(All, ct);
    }

    public DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public string DepartmentName(string id) => registry.Find(id)?.DisplayName ?? id;

    public string PathBase(string id) => registry.Find(id)?.PathBase ?? "";
}
