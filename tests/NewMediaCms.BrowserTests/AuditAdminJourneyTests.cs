using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.BrowserTests;

/// <summary>
/// 三权分立 in the browser: the audit administrator reads the matrix's log, checks it, exports a period as a signed
/// archive and sees a row edited in the database named; the system administrator is refused the page.
/// </summary>
public sealed class AuditAdminJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_audit_administrator_reads_checks_and_exports_the_log_and_the_system_administrator_cannot_open_it()
    {
        await browser.SignedInAsync("gaj.editor"); // something done in a department
        var auditor = await browser.PageAsync();
        await auditor.GotoAsync("/admin/audit");
        await auditor.GetByLabel("用户名").FillAsync("audit.admin");
        await auditor.GetByLabel("密码").FillAsync(NmcAppFactory.DemoPassword);
        await auditor.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await auditor.WaitForURLAsync("**/admin/audit");
        await Assertions.Expect(auditor.Locator("h1")).ToHaveTextAsync("审计日志（全矩阵）");
        // The menu is the log and nothing else.
        await Assertions.Expect(auditor.Locator("#admin-nav a")).ToHaveCountAsync(1);
        await Assertions.Expect(auditor.Locator("tbody tr").First).ToBeVisibleAsync();

        await auditor.Locator("#f-department").SelectOptionAsync("gaj");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("tbody tr").First.Locator("td").Nth(2)).ToHaveTextAsync("测试县公安局");
        await Assertions.Expect(auditor.Locator("tbody")).ToContainTextAsync("gaj.editor");
        await BrowserApp.ScreenshotAsync(auditor, "audit/01-audit-admin-log");

        await auditor.Locator("#verify").ClickAsync();
        await Assertions.Expect(auditor.Locator("#verify-result")).ToContainTextAsync("校验通过");
        await BrowserApp.ScreenshotAsync(auditor, "audit/02-verified");

        var download = await auditor.RunAndWaitForDownloadAsync(() => auditor.Locator("#export").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), "nmc-audit-" + Guid.NewGuid().ToString("N") + ".jsonl");
        await download.SaveAsAsync(file);
        var archive = AuditArchive.Verify(browser.App.Services.GetRequiredService<AuditKeyRing>(), await File.ReadAllBytesAsync(file));
        File.Delete(file);
        Assert.True(archive.Valid, string.Join("\n", archive.Problems));

        // Someone with the database edits a row: the next check names it.
        long edited;
        await using (var scope = browser.App.TenantScope(null))
        {
            var db = browser.App.Db(scope);
            edited = await db.Set<AuditEntry>().Where(e => e.Action == "recipe.applied").Select(e => e.Sequence).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Actor\" = 'nobody' WHERE \"Sequence\" = {0}", edited);
        }
        await auditor.Locator("#verify").ClickAsync();
        await Assertions.Expect(auditor.Locator("#verify-result")).ToContainTextAsync($"校验失败：自第 {edited} 条起有问题");
        await Assertions.Expect(auditor.Locator("#verify-result")).ToContainTextAsync($"第 {edited} 条记录的内容与其密钥校验码不符");
        await BrowserApp.ScreenshotAsync(auditor, "audit/03-edited-row-named");

        var admin = await browser.PageAsync();
        await admin.GotoAsync("/admin/login");
        await admin.GetByLabel("用户名").FillAsync("admin");
        await admin.GetByLabel("密码").FillAsync(NmcAppFactory.AdminPassword);
        await admin.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await admin.WaitForURLAsync("**/admin");
        var refused = await admin.GotoAsync("/admin/audit");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("没有权限");
        await Assertions.Expect(admin.Locator("#admin-nav")).Not.ToContainTextAsync("审计日志");
        await BrowserApp.ScreenshotAsync(admin, "audit/04-system-admin-refused");
    }
}
