using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Notifications;
using NewMediaCms.Tests.Inspection;

namespace NewMediaCms.Tests.Notifications;

/// <summary>A rectification notice tells the department's administrators when issued, and the auditors when answered.</summary>
public sealed class RectificationNoticeTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    private async Task<List<string>> RecipientsAsync(string kind)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<Notification>().AsNoTracking().Where(n => n.Kind == kind).Select(n => n.UserName).Distinct().OrderBy(n => n).ToListAsync();
    }

    [Fact]
    public async Task Issuing_tells_the_departments_admins_only_and_answering_tells_the_auditors()
    {
        var run = await app.RunInspectionAsync();
        InspectionFinding finding;
        await using (var scope = app.TenantScope(null))
        {
            finding = await app.Db(scope).Set<InspectionFinding>().FirstAsync(f => f.RunId == run.Id && f.TenantId == "wjw");
        }
        RectificationNotice notice;
        await using (var scope = app.TenantScope(null))
        {
            notice = await scope.ServiceProvider.GetRequiredService<RectificationService>().IssueAsync(run.Id, finding.AccountId!, [finding.Id], new DateOnly(2026, 12, 31), "限期整改", "auditor", CancellationToken.None);
        }

        Assert.Equal(["wjw.admin"], await RecipientsAsync("rectification.issued"));   // not nyj.admin of another department
        Assert.Empty(await RecipientsAsync("rectification.answered"));

        await using (var scope = app.TenantScope("wjw"))
        {
            await scope.ServiceProvider.GetRequiredService<RectificationService>().AnswerAsync(notice.Id, "已整改", "wjw.admin", CancellationToken.None);
        }
        var auditors = await RecipientsAsync("rectification.answered");
        Assert.Contains("auditor", auditors);
        Assert.DoesNotContain("wjw.admin", auditors);
    }
}
