using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Submissions;

/// <summary>信息报送: what the department submitted (state, reason, dates) and what was submitted to it (the desk's inbox).</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(SubmissionQueries queries, SubmissionService submissions, ITenantContext tenant, TimeProvider time) : PageModel
{
    public List<SubmissionView> Sent { get; private set; } = [];
    public List<SubmissionView> Inbox { get; private set; } = [];
    public IReadOnlyList<SubmissionTarget> Targets { get; private set; } = [];
    public TenantClock Clock { get; private set; } = null!;

    public int Count(SubmissionState state) => Sent.Count(s => s.State == state);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Clock = tenant.Clock(time);
        Sent = await queries.SentAsync(ct);
        Inbox = await queries.InboxAsync(ct);
        Targets = submissions.Targets();
    }
}
