using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>Typed fields of the built-in and recipe-declared types, and review chains a department configures.</summary>
public sealed class ContentTypeAndChainTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    [Fact]
    public async Task A_policy_document_needs_its_number_issuer_and_date_and_a_validity_that_does_not_end_before_it_starts()
    {
        var missing = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("policy", null, "关于印发某办法的通知", "正文", new Dictionary<string, string>())));
        Assert.Equal(EditorialOutcome.ValidationFailed, missing.Outcome);
        Assert.Equal("请填写“文号”。", missing.Validation!.Errors["docNumber"]);
        Assert.Equal("请填写“发文机关”。", missing.Validation.Errors["issuer"]);
        Assert.Equal("请填写“成文日期”。", missing.Validation.Errors["writtenOn"]);

        var wrong = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("policy", null, "关于印发某办法的通知", "正文", new Dictionary<string, string>
        {
            ["docNumber"] = "测公发〔2026〕1号", ["issuer"] = "测试县公安局", ["writtenOn"] = "2026年1月5日",
            ["validFrom"] = "2026-02-01", ["validTo"] = "2026-01-01",
        })));
        Assert.Equal("“成文日期”应为日期，格式如 2026-01-31。", wrong.Validation!.Errors["writtenOn"]);
        Assert.Equal("“有效期止”不能早于有效期起始日期。", wrong.Validation.Errors["validTo"]);
    }

    [Fact]
    public async Task An_interpretation_must_reference_an_existing_policy_document_of_its_department()
    {
        var none = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("interpretation", null, "解读", "正文", null)));
        Assert.Equal("请填写“所解读的政策文件”。", none.Validation!.Errors["policy"]);

        var notPolicy = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("interpretation", null, "解读", "正文", new Dictionary<string, string> { ["policy"] = "gaj-n-1" })));
        Assert.Contains("不是政策文件", notPolicy.Validation!.Errors["policy"]);

        var policy = await _desk.NewAsync("某办法", type: "policy", fields: new() { ["docNumber"] = "测公发〔2026〕2号", ["issuer"] = "测试县公安局", ["writtenOn"] = "2026-01-05" });
        var ok = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("interpretation", null, "《某办法》解读", "正文", new Dictionary<string, string> { ["policy"] = policy.ItemId! })));
        Assert.True(ok.Ok, ok.Message);

        var otherDepartment = await _desk.DoAsync(s => s.CreateDraftAsync(People.WjwEditor, new DraftInput("interpretation", null, "解读", "正文", new Dictionary<string, string> { ["policy"] = policy.ItemId! })), tenant: "wjw");
        Assert.Contains("在本部门不存在", otherDepartment.Validation!.Errors["policy"]);
    }

    [Fact]
    public async Task A_service_guide_missing_required_elements_is_saved_with_a_warning_for_each()
    {
        var result = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("guide", null, "居民身份证办理指南", "正文", new Dictionary<string, string>
        {
            ["itemName"] = "居民身份证申领", ["location"] = "县公安局户政大厅", ["phone"] = "0000-1234567",
        })));
        Assert.True(result.Ok, result.Message);
        Assert.Equal(7, result.Validation!.Warnings.Count);
        Assert.Contains(result.Validation.Warnings, w => w.StartsWith("缺少“收费标准”", StringComparison.Ordinal));
        Assert.DoesNotContain(result.Validation.Warnings, w => w.Contains("事项名称"));
    }

    [Fact]
    public async Task A_content_type_declared_in_the_recipe_is_available_with_its_typed_fields()
    {
        var type = await _desk.InAsync("gaj", sp => sp.GetRequiredService<ContentTypeRegistry>().FindAsync("meeting"));
        Assert.NotNull(type);
        Assert.Equal("会议纪要", type.DisplayName);
        Assert.Equal(FieldKind.Date, type.Field("heldOn")!.Kind);

        var bad = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("meeting", null, "会议纪要", "正文", new Dictionary<string, string> { ["attendees"] = "十二", ["level"] = "省级" })));
        Assert.Equal("请填写“会议日期”。", bad.Validation!.Errors["heldOn"]);
        Assert.Equal("“参会人数”应为数字。", bad.Validation.Errors["attendees"]);
        Assert.Equal("“会议级别”只能选择：县级、部门。", bad.Validation.Errors["level"]);
    }

    [Fact]
    public async Task A_department_configures_a_one_level_chain_naming_a_user_and_only_that_user_approves()
    {
        var admin = EditorialActor.Of("wjw.admin", "wjw", Roles.DepartmentAdmin);
        var byEditor = await _desk.InAsync("wjw", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(People.WjwEditor, [new ReviewLevel(1, "终审", null, ["wjw.reviewer1"])]));
        Assert.Equal(EditorialOutcome.Forbidden, byEditor.Outcome);
        var saved = await _desk.InAsync("wjw", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(admin, [new ReviewLevel(1, "终审", null, ["wjw.reviewer1"])]));
        Assert.True(saved.Ok, saved.Message);

        var id = (await _desk.DoAsync(s => s.CreateDraftAsync(People.WjwEditor, new DraftInput("notice", null, "卫健通知", "正文", null)), "wjw")).ItemId!;
        await _desk.DoAsync(s => s.SubmitAsync(People.WjwEditor, id), "wjw");
        var otherReviewer = EditorialActor.Of("wjw.someone", "wjw", Roles.Reviewer);
        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.DoAsync(s => s.ApproveAsync(otherReviewer, id), "wjw")).Outcome);
        var approved = await _desk.DoAsync(s => s.ApproveAsync(People.WjwReviewer, id), "wjw");
        Assert.Contains("全部审核完成", approved.Message);
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.WjwEditor, id), "wjw")).Ok);
        Assert.NotNull(await _desk.PublicAsync(id, "wjw"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task A_chain_must_have_one_to_four_levels(int count)
    {
        var levels = Enumerable.Range(1, count).Select(i => new ReviewLevel(i, $"第{i}级", Roles.Reviewer, [])).ToList();
        var result = await _desk.InAsync("edu", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(EditorialActor.Of("edu.admin", "edu", Roles.DepartmentAdmin), levels));
        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Equal("审核流程应为 1 至 4 级。", result.Message);
        Assert.Equal(3, (await _desk.InAsync("edu", sp => sp.GetRequiredService<ReviewChainService>().LevelsAsync())).Count);
    }
}
