using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Security;

/// <summary>The security administrator's self-assessment against GB/T 22239-2019 level 3 (等保 2.0 三级自评估).</summary>
[Authorize(Policy = TenantPolicies.SecurityAdministration)]
public sealed class AssessmentModel(SecurityAssessment assessment) : PageModel
{
    public IReadOnlyList<AssessmentItem> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Items = await assessment.EvaluateAsync(ct);
}
