using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Monitoring;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Monitor;

/// <summary>可用性与链接: probes of the last 7 days per site (WEB-V01/W01), pages that could not be checked, broken links and menus (NM-D11).</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ProbesModel(MonitorDesk desk, ITenantContext tenant) : PageModel
{
    public List<ProbeRow> Probes { get; private set; } = [];
    public List<PageStatusRow> Problems { get; private set; } = [];
    public List<BrokenLinkRow> Broken { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var filter = MonitorScope.TenantFilter(User, tenant);
        Probes = await desk.ProbesAsync(filter, ct);
        Problems = await desk.ProblemPagesAsync(filter, ct);
        Broken = await desk.BrokenLinksAsync(filter, ct);
    }
}
