using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Scan;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Safety;

/// <summary>The gate in the editorial commands, overrides bound to the content hash, dictionaries pushed and extended, the scan's evidence.</summary>
public sealed class SafetyGateTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private const string ValidId = "110101199003074514";
    private readonly EditorialDesk _desk = new(app);

    private Task<(int, string?)> AddAsync(string scope, params WordInput[] words)
        => _desk.InAsync(scope == SafetyDictionaries.MatrixScope ? "gaj" : scope, sp => sp.GetRequiredService<SafetyDictionaries>().AddAsync(scope, words, "测试", "tester", CancellationToken.None));

    private Task<SafetyReport> CheckAsync(string tenant, string text)
        => _desk.InAsync(tenant, sp => sp.GetRequiredService<ISafetyCheck>().CheckAsync(tenant, [new SafetyText("body", text)], CancellationToken.None));

    [Fact]
    public async Task Publishing_is_refused_while_an_unmasked_ID_number_stands_and_allowed_after_a_named_reviewer_overrides_with_a_reason()
    {
        var id = await _desk.ApprovedAsync("核查通知", $"当事人身份证号{ValidId}。");
        var refused = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.False(refused.Ok);
        Assert.Contains("内容安全检查发现 1 处严重问题", refused.Message);
        Assert.Null(await _desk.PublicAsync(id));

        var byWriter = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Editorial.ReviewService>().OverrideSafetyAsync(People.Editor, id, null, "已核实可以公开"));
        Assert.False(byWriter.Ok);
        var noReason = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Editorial.ReviewService>().OverrideSafetyAsync(People.Reviewer1, id, null, " "));
        Assert.False(noReason.Ok);
        Assert.Contains("理由", noReason.Message);

        var over = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Editorial.ReviewService>().OverrideSafetyAsync(People.Reviewer1, id, null, "当事人书面同意公开"));
        Assert.True(over.Ok, over.Message);
        var published = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(published.Ok, published.Message);

        var audit = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<NewMediaCms.Audit.AuditEntry>().AsNoTracking()
            .Where(a => a.Action == "safety.overridden").Select(a => new { a.Actor, a.Detail, a.After }).ToListAsync());
        Assert.Contains(audit, a => a.Actor == "gaj.reviewer1" && a.Detail!.Contains("当事人书面同意公开"));
    }

    [Fact]
    public async Task An_edit_voids_the_override_because_it_is_bound_to_the_content_hash()
    {
        var id = await _desk.ApprovedAsync("第二份核查通知", $"身份证号{ValidId}。");
        var over = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Editorial.ReviewService>().OverrideSafetyAsync(People.Reviewer2, id, null, "当事人书面同意公开"));
        Assert.True(over.Ok, over.Message);

        Assert.True((await _desk.SaveAsync(id, "第二份核查通知", $"身份证号{ValidId}，补充一句。")).Ok);
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            Assert.True((await _desk.DoAsync(s => s.ApproveAsync(reviewer, id))).Ok);
        }
        var refused = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.False(refused.Ok);
        Assert.Contains("严重问题", refused.Message);
        Assert.True(refused.Safety!.Blocks);
    }

    [Fact]
    public async Task Saving_returns_the_findings_with_field_position_tier_and_suggestion()
    {
        var saved = await _desk.NewAsync("倍受关注的项目", $"联系人身份证{ValidId}");
        var safety = saved.Safety!;
        Assert.True(safety.Blocks);
        var id = Assert.Single(safety.Report.Findings, f => f.Detector == "pii-id-number");
        Assert.Equal(("body", 6, 18, "1101**********4514"), (id.Field, id.Start, id.Length, id.Suggestion));
        // An ordinary finding (a typo) does not block.
        var clean = await _desk.NewAsync("普通通知", "正文没有问题。");
        Assert.False(clean.Safety!.Blocks);
    }

    [Fact]
    public async Task The_api_refuses_publication_with_the_findings_and_publishes_after_the_override()
    {
        var id = await _desk.ApprovedAsync("接口核查通知", $"银行卡号 6222 0212 3456 7890 128");
        var editor = await app.SignInAsync("gaj.editor");
        var refused = await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("pii-bank-card", problem.GetProperty("safety").GetProperty("findings")[0].GetProperty("detector").GetString());

        var reviewer = await app.SignInAsync("gaj.reviewer3");
        var over = await reviewer.PostAsJsonAsync($"/gaj/api/admin/content/{id}/safety-override", new { reason = "对公账户，依法公示" });
        Assert.Equal(HttpStatusCode.OK, over.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { })).StatusCode);
    }

    [Fact]
    public async Task A_matrix_word_is_pushed_to_every_department_and_a_department_exception_applies_only_there()
    {
        var (version, error) = await AddAsync(SafetyDictionaries.MatrixScope, new WordInput(SafetyLists.Forbidden, "推送测试禁词"));
        Assert.Null(error);
        Assert.True(version > 0);
        Assert.Single((await CheckAsync("gaj", "出现推送测试禁词。")).Findings);
        Assert.Single((await CheckAsync("wjw", "出现推送测试禁词。")).Findings);

        var (_, noReason) = await AddAsync("wjw", new WordInput(SafetyLists.Exceptions, "推送测试禁词"));
        Assert.NotNull(noReason);
        var (deptVersion, deptError) = await AddAsync("wjw", new WordInput(SafetyLists.Exceptions, "推送测试禁词", Reason: "本部门业务术语"));
        Assert.Null(deptError);
        Assert.Empty((await CheckAsync("wjw", "出现推送测试禁词。")).Findings);
        Assert.Single((await CheckAsync("gaj", "出现推送测试禁词。")).Findings);

        var versions = await _desk.InAsync("wjw", sp => sp.GetRequiredService<SafetyDictionaries>().VersionsOfAsync("wjw", CancellationToken.None));
        Assert.Equal((version, deptVersion), versions);
        var audited = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<NewMediaCms.Audit.AuditEntry>().AsNoTracking()
            .CountAsync(a => a.Action == "safety.dictionary-changed"));
        Assert.True(audited >= 2);
    }

    [Fact]
    public async Task A_department_word_is_checked_only_in_that_department()
    {
        await AddAsync("gaj", new WordInput(SafetyLists.Typos, "部门错字甲", Suggestion: "部门正字甲"));
        Assert.Single((await CheckAsync("gaj", "部门错字甲")).Findings);
        Assert.Empty((await CheckAsync("wjw", "部门错字甲")).Findings);
    }

    [Fact]
    public async Task The_scan_stores_findings_of_published_versions_and_the_evidence_leaves_out_overridden_ones()
    {
        await AddAsync(SafetyDictionaries.MatrixScope, new WordInput(SafetyLists.Typos, "拔款", Suggestion: "拨款"));
        var typo = await _desk.ApprovedAsync("财政资金通知", "下达专项拔款。");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, typo))).Ok);
        var pii = await _desk.ApprovedAsync("公示通知", $"身份证号{ValidId}。");
        await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Editorial.ReviewService>().OverrideSafetyAsync(People.Reviewer1, pii, null, "依法公示的内容"));
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, pii))).Ok);

        var result = await _desk.InAsync("gaj", sp => sp.GetRequiredService<PublishedSafetyScan>().ScanAsync(CancellationToken.None));
        Assert.True(result.Versions >= 2);
        var evidence = await _desk.InAsync("gaj", sp => sp.GetRequiredService<ISafetyEvidence>().CollectAsync(new SafetyQuery(DateTime.UtcNow.AddMinutes(5), DateTime.UtcNow.AddDays(-30)), CancellationToken.None));
        var f = Assert.Single(evidence, e => e.ContentItemId == typo);
        Assert.Equal(("NM-D07", "一般", "拨款"), (f.RuleCode, f.Tier, f.Suggestion));
        Assert.DoesNotContain(evidence, e => e.ContentItemId == pii);
    }
}
