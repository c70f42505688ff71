using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Accounts;

/// <summary>
/// The account screens as an administrator uses them: open (开设) with its filing, change (变更) with a public notice when
/// the operating unit changes, suspend, close, cancel, merge; each in the filing history and the audit log; the public
/// account page shows the notices and a merged account's URL redirects (301). Each test opens its own account.
/// </summary>
public sealed class AccountScreensTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private async Task<List<AuditEntry>> AuditAsync(string accountId)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(a => a.SubjectId == accountId).OrderBy(a => a.Sequence).ToListAsync();
    }

    [Fact]
    public async Task A_department_admin_opens_an_account_with_its_filing_data_and_finds_it_in_the_list_with_its_platform()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "平安测试");
        Assert.StartsWith("gaj-wechat-", id);   // gaj-wechat is taken: the next free id of the department and platform

        var page = await AccountPages.HtmlAsync(admin, $"/gaj/admin/accounts/{id}");
        Assert.Contains("已开设账号“平安测试（微信公众号）”", page);
        Assert.Contains("王主任", page);
        Assert.Contains("备-2026-01", page);
        Assert.Matches("<td>开设</td>\\s*<td>[0-9-]+</td>\\s*<td>2026-11-30 备-2026-01</td>", page);

        var list = await AccountPages.HtmlAsync(admin, "/gaj/admin/accounts?Platform=WeChat");
        Assert.Contains($"data-account=\"{id}\"", list);
        Assert.Contains("微信公众号", list);
        Assert.DoesNotContain("data-account=\"gaj-site\"", list);   // filtered by platform
        Assert.Contains("account.opened", (await AuditAsync(id)).Select(a => a.Action));
    }

    [Fact]
    public async Task Opening_without_the_filing_data_names_each_missing_field_in_chinese_and_keeps_what_was_typed()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var response = await AccountPages.PostAsync(admin, "/gaj/admin/accounts/new", null, ("Platform", "Weibo"), ("Kind", "Publishing"),
            ("Name", "半截账号"), ("OperatingUnit", ""), ("ResponsiblePerson", ""), ("Contact", ""), ("Url", "not a url"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("id=\"err-operatingUnit\">请填写主办单位。", html);
        Assert.Contains("id=\"err-responsiblePerson\">请填写负责人。", html);
        Assert.Contains("id=\"err-contact\">请填写联系方式。", html);
        Assert.Contains("id=\"err-url\">主页地址须是以 http:// 或 https:// 开头的完整网址。", html);
        Assert.Contains("value=\"半截账号\"", html);
        await using var scope = app.TenantScope(null);
        Assert.False(await app.Db(scope).Set<Account>().AcrossTenants().AnyAsync(a => a.Name == "半截账号"));
    }

    [Fact]
    public async Task Changing_the_operating_unit_files_a_change_and_publishes_a_notice_on_the_public_account_page()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "交通安全测试", unit: "测试县公安局交警大队");
        var response = await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Change", ("Name", "交通安全测试"), ("Kind", "Publishing"),
            ("OperatingUnit", "测试县公安局"), ("SupervisingUnit", "测试县人民政府办公室"), ("ResponsiblePerson", "李主任"), ("Contact", "0000-7654321"),
            ("PlatformAccountId", "gh_x"), ("Url", ""), ("Description", "测试账号"), ("ChangeNotice", ""), ("FilingNumber", "备-2026-02"), ("FiledOn", "2026-12-01"), ("Note", "机构调整"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await AccountPages.HtmlAsync(app.Client(), $"/gaj/accounts/{id}");
        Assert.Contains("变更公告", page);
        Assert.Contains("本账号主办单位由“测试县公安局交警大队”变更为“测试县公安局”", page);
        var admin2 = await AccountPages.HtmlAsync(admin, $"/gaj/admin/accounts/{id}");
        Assert.Matches("<td>变更</td>\\s*<td>[0-9-]+</td>\\s*<td>2026-12-01 备-2026-02</td>\\s*<td>主办单位变更：测试县公安局交警大队 → 测试县公安局；机构调整</td>", admin2);
        var audit = Assert.Single(await AuditAsync(id), a => a.Action == "account.updated");
        Assert.Contains("测试县公安局交警大队", audit.Before);
        Assert.Contains("李主任", audit.After);
    }

    [Fact]
    public async Task A_change_that_leaves_the_operating_unit_alone_publishes_no_notice()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "只改联系方式");
        var response = await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Change", ("Name", "只改联系方式"), ("Kind", "Publishing"),
            ("OperatingUnit", "测试县公安局"), ("ResponsiblePerson", "王主任"), ("Contact", "0000-0000000"), ("PlatformAccountId", "gh_y"), ("Description", "测试账号"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("变更公告", await AccountPages.HtmlAsync(app.Client(), $"/gaj/accounts/{id}"));
    }

    [Fact]
    public async Task A_closed_account_shows_its_closure_notice_keeps_its_url_and_is_refused_new_content_in_chinese()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "将关停的账号");
        var response = await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Close", ("note", "本账号自2026年12月1日起停止更新，请关注“测试公安”公众号。"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var page = await app.Client().GetAsync($"/gaj/accounts/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("关停公告", html);
        Assert.Contains("本账号自2026年12月1日起停止更新", html);

        // Not offered in the editor, refused by the service (the API goes through it).
        var editor = await app.SignInAsync("gaj.editor");
        var form = await AccountPages.HtmlAsync(editor, "/gaj/admin/content/edit?type=notice");
        Assert.DoesNotContain($"value=\"{id}\"", form);
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", accountId = id, title = "发到已关停账号", markdown = "正文" });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("账号“将关停的账号（微信公众号）”已关停，不能再发布新内容，请选择其他账号。", await created.Content.ReadAsStringAsync());

        var history = await AccountPages.HtmlAsync(admin, $"/gaj/admin/accounts/{id}");
        Assert.Matches("<td>关停</td>", history);
        Assert.Contains("account.closed", (await AuditAsync(id)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_merged_accounts_public_url_redirects_permanently_to_the_surviving_account()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "重复的公众号");
        var response = await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Merge", ("target", "gaj-wechat"), ("note", "重复账号整合"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var old = await app.Client().GetAsync($"/gaj/accounts/{id}");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/gaj/accounts/gaj-wechat", old.Headers.Location!.ToString());
        Assert.Contains("account.merged", (await AuditAsync(id)).Select(a => a.Action));
        var editor = await app.SignInAsync("gaj.editor");
        Assert.DoesNotContain($"value=\"{id}\"", await editor.GetStringAsync("/gaj/admin/content/edit?type=notice"));
    }

    [Fact]
    public async Task Cancelling_asks_for_a_confirmation_then_shows_the_cancellation_notice_and_refuses_content()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "将注销的账号");
        await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Cancel", ("note", "本账号已在平台注销。"));
        Assert.Contains("注销不可撤销：请勾选“我确认注销该账号”后再提交。", await AccountPages.HtmlAsync(admin, $"/gaj/admin/accounts/{id}"));

        await AccountPages.PostAsync(admin, $"/gaj/admin/accounts/{id}", "Cancel", ("note", "本账号已于2026年12月2日在平台注销。"), ("confirm", "true"));
        var html = await AccountPages.HtmlAsync(app.Client(), $"/gaj/accounts/{id}");
        Assert.Contains("注销公告", html);
        Assert.Contains("本账号已于2026年12月2日在平台注销。", html);
        Assert.Contains("account.cancelled", (await AuditAsync(id)).Select(a => a.Action));
        var editor = await app.SignInAsync("gaj.editor");
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", accountId = id, title = "发到已注销账号", markdown = "正文" });
        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("已注销，不能再发布新内容", await created.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Transitions_that_do_not_fit_the_state_are_refused_with_a_reason_and_change_nothing()
    {
        var admin = await app.SignInAsync("gaj.admin");
        var id = await AccountPages.OpenAsync(admin, "gaj", "状态测试账号");
        var url = $"/gaj/admin/accounts/{id}";
        await AccountPages.PostAsync(admin, url, "Close", ("note", ""));
        Assert.Contains("操作未完成：关停账号须填写关停公告。", await AccountPages.HtmlAsync(admin, url));
        await AccountPages.PostAsync(admin, url, "Suspend", ("note", "整改期间暂停"));
        Assert.Contains("账号已暂停更新。", await AccountPages.HtmlAsync(admin, url));
        await AccountPages.PostAsync(admin, url, "Close", ("note", "停止运营"));
        // A closed account: no more change, merge or resume; only 注销 remains.
        await using (var scope = app.TenantScope("gaj"))
        {
            var lifecycle = scope.ServiceProvider.GetRequiredService<AccountLifecycleService>();
            var merge = await Assert.ThrowsAsync<AccountLifecycleException>(() => lifecycle.MergeAsync(id, "gaj-wechat", "gaj.admin", "", default));
            Assert.Equal("账号“状态测试账号”已关停，不能再合并。", merge.Message);
            var resume = await Assert.ThrowsAsync<AccountLifecycleException>(() => lifecycle.ResumeAsync(id, "gaj.admin", "", default));
            Assert.Equal("账号“状态测试账号”当前已关停，只有暂停的账号可以恢复运行。", resume.Message);
            var change = await lifecycle.ChangeDetailsAsync(id, new AccountChange("新名字", null, null, null), "gaj.admin", default);
            Assert.Equal("账号“状态测试账号”已关停，不能再变更。", change.Errors["state"][0]);
            // Merging into a closed account is refused too.
            var other = await AccountPages.OpenAsync(admin, "gaj", "另一个账号");
            var into = await Assert.ThrowsAsync<AccountLifecycleException>(() => lifecycle.MergeAsync(other, id, "gaj.admin", "", default));
            Assert.Equal("只能并入另一个正常运行的账号。", into.Message);
        }
        var page = await AccountPages.HtmlAsync(admin, url);
        Assert.DoesNotContain("id=\"change-form\"", page);
        Assert.DoesNotContain("id=\"merge-form\"", page);
        Assert.Contains("id=\"cancel-form\"", page);
        Assert.Equal(["account.opened", "account.suspended", "account.closed"], (await AuditAsync(id)).Select(a => a.Action).Where(a => a.StartsWith("account.", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public async Task A_department_admin_sees_only_its_accounts_and_the_matrix_admin_sees_every_department_filtered()
    {
        var gaj = await app.SignInAsync("gaj.admin");
        var own = await AccountPages.HtmlAsync(gaj, "/gaj/admin/accounts");
        Assert.Contains("data-account=\"gaj-site\"", own);
        Assert.DoesNotContain("data-account=\"wjw-site\"", own);
        Assert.NotEqual(HttpStatusCode.OK, (await gaj.GetAsync("/wjw/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gaj.GetAsync("/gaj/admin/accounts/wjw-site")).StatusCode);

        var matrix = await app.SignInAsync("matrix.admin");
        var all = await AccountPages.HtmlAsync(matrix, "/admin/accounts");
        Assert.Contains("data-account=\"gaj-site\"", all);
        Assert.Contains("data-account=\"wjw-site\"", all);
        Assert.Contains("href=\"/wjw/admin/accounts/wjw-site\"", all);   // managed in its department
        var closed = await AccountPages.HtmlAsync(matrix, "/admin/accounts?State=Closed");
        Assert.Contains("data-account=\"old-site\"", closed);
        Assert.DoesNotContain("data-account=\"gaj-site\"", closed);
        var wjw = await AccountPages.HtmlAsync(matrix, "/admin/accounts?Department=wjw");
        Assert.DoesNotContain("data-account=\"gaj-site\"", wjw);
        Assert.Contains("data-account=\"wjw-site\"", wjw);
    }
}
