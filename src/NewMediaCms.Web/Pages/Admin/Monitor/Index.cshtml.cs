using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Monitoring;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Monitor;

/// <summary>页面监测: the incidents of the department (or, for the matrix at the portal, of every department), open ones first.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(MonitorDesk desk, ITenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)] public bool All { get; set; }

    public MonitorOverview Overview { get; private set; } = null!;
    public List<IncidentRow> Incidents { get; private set; } = [];
    public bool Matrix { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = MonitorScope.TenantFilter(User, tenant);
        Matrix = filter is null;
        Overview = await desk.OverviewAsync(filter, ct);
        Incidents = await desk.IncidentsAsync(filter, openOnly: !All, ct);
    }
}
