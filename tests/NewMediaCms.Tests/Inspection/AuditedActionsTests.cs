using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Tests.Inspection;

/// <summary>Every action of accounts and the inspection leaves an entry in the audit chain, and the chain stays whole.</summary>
public sealed class AuditedActionsTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    private async Task<AuditEntry> AuditedAsync(string action, string subjectId)
    {
        await using var scope = app.TenantScope(null);
        var entry = await app.Db(scope).Set<AuditEntry>().AcrossTenants().AsNoTracking()
            .Where(e => e.Action == action && e.SubjectId == subjectId).OrderByDescending(e => e.Sequence).FirstOrDefaultAsync();
        Assert.True(entry is not null, $"no audit entry {action} for {subjectId}");
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);
        return entry;
    }

    private async Task InAsync(string? tenant, Func<IServiceProvider, Task> action)
    {
        await using var scope = app.TenantScope(tenant);
        await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task Renaming_an_account_through_the_admin_api_records_a_change_filing_and_an_audit_entry()
    {
        var client = await app.SignInAsync("wjw.admin", pathBase: "/wjw");
        var response = await client.PutAsync("/wjw/api/admin/accounts/wjw-site", JsonContent.Create(new { name = "青山县卫生健康局门户网站" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var scope = app.TenantScope(null);
        var filing = await app.Db(scope).Set<AccountFilingEvent>().AcrossTenants().SingleAsync(e => e.AccountId == "wjw-site" && e.Kind == FilingEventKind.Changed);
        Assert.Null(filing.FiledOn);   // to be filed with the supervising office (NM-D03)
        var entry = await AuditedAsync("account.updated", "wjw-site");
        Assert.Contains("青山县卫生健康局门户网站", entry.After);
        Assert.Equal("wjw.admin", entry.Actor);
    }

    [Fact]
    public async Task Suspending_closing_merging_and_filing_an_account_are_audited()
    {
        await InAsync(null, sp => sp.GetRequiredService<AccountLifecycleService>().SuspendAsync("sfj-weibo", "matrix", "整改期间暂停", CancellationToken.None));
        await AuditedAsync("account.suspended", "sfj-weibo");
        await InAsync(null, sp => sp.GetRequiredService<AccountLifecycleService>().CloseAsync("nyj-wechat", "matrix", "本账号停止更新。", CancellationToken.None));
        await AuditedAsync("account.closed", "nyj-wechat");
        await InAsync(null, sp => sp.GetRequiredService<AccountLifecycleService>().MergeAsync("jtj-wechat-2", "jtj-wechat", "matrix", "重复账号整合", CancellationToken.None));
        await AuditedAsync("account.merged", "jtj-wechat-2");

        long eventId;
        await using (var scope = app.TenantScope(null))
        {
            eventId = (await app.Db(scope).Set<AccountFilingEvent>().AcrossTenants().SingleAsync(e => e.AccountId == "nyj-wechat" && e.Kind == FilingEventKind.Closed)).Id;
        }
        await InAsync(null, sp => sp.GetRequiredService<AccountLifecycleService>().RecordFilingAsync(eventId, new DateOnly(2026, 11, 30), "备-2026-001", "matrix", CancellationToken.None));
        var entry = await AuditedAsync("account.filing-recorded", eventId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("备-2026-001", entry.After);
    }

    [Fact]
    public async Task An_inspection_run_its_settings_manual_flags_and_rectifications_are_audited()
    {
        var run = await app.RunInspectionAsync();
        await AuditedAsync("inspection.run-completed", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await InAsync(null, async sp =>
        {
            var store = sp.GetRequiredService<InspectionSettingsStore>();
            var settings = await store.GetAsync(CancellationToken.None);
            settings.PassMark = 61;
            await store.SaveAsync(settings, CancellationToken.None);
        });
        await AuditedAsync("inspection.settings-saved", "inspection");

        ManualFlag? flag = null;
        await InAsync(null, async sp => flag = await sp.GetRequiredService<ManualFlags>().RecordAsync("sfj-weibo", "NM-V04", "负面舆情", "auditor", CancellationToken.None));
        var flagId = flag!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await AuditedAsync("inspection.flag-set", flagId);
        await InAsync(null, sp => sp.GetRequiredService<ManualFlags>().WithdrawAsync(flag.Id, "auditor", CancellationToken.None));
        await AuditedAsync("inspection.flag-withdrawn", flagId);

        InspectionFinding finding;
        await using (var scope = app.TenantScope(null))
        {
            finding = await app.Db(scope).Set<InspectionFinding>().FirstAsync(f => f.RunId == run.Id && f.TenantId == "wjw" && f.AccountId != null);
        }
        RectificationNotice? notice = null;
        await InAsync(null, async sp => notice = await sp.GetRequiredService<RectificationService>().IssueAsync(run.Id, finding.AccountId!, [finding.Id], new DateOnly(2026, 12, 31), "限期整改", "auditor", CancellationToken.None));
        var noticeId = notice!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await AuditedAsync("rectification.issued", noticeId);
        await InAsync("wjw", sp => sp.GetRequiredService<RectificationService>().AnswerAsync(notice.Id, "已整改", "wjw.admin", CancellationToken.None));
        await AuditedAsync("rectification.answered", noticeId);
        await InAsync(null, sp => sp.GetRequiredService<RectificationService>().ReviewAsync(notice.Id, true, "通过", "auditor", CancellationToken.None));
        await AuditedAsync("rectification.accepted", noticeId);
    }
}
