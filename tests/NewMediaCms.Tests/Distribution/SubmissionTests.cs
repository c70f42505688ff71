using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content.Published;
using NewMediaCms.Content.Types;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;

namespace NewMediaCms.Tests.Distribution;

/// <summary>信息报送: submit an approved version upward, adopt it through the desk's own chain (counted when published), return it with a reason; the bad inputs; isolation.</summary>
public sealed class SubmissionTests(SubmissionCounty app) : IClassFixture<SubmissionCounty>
{
    private readonly SubmissionDriver _desk = new(app);

    [Fact]
    public async Task An_approved_item_is_submitted_to_the_parent_desk_which_sees_it_open_and_is_told()
    {
        var itemId = await _desk.ApprovedAsync("青山镇召开冬季安全生产会议");

        var result = await _desk.SubmitAsync(itemId, to: null, note: "请县政府网站采用");

        Assert.True(result.Ok, result.Message);
        var inbox = await _desk.InboxAsync();
        var received = Assert.Single(inbox, s => s.Id == result.SubmissionId);
        Assert.Equal(SubmissionState.Open, received.State);
        Assert.Equal(("town", "portal", itemId, "请县政府网站采用"), (received.SourceTenantId, received.DeskTenantId, received.SourceItemId, received.Note));
        Assert.Contains(await _desk.SentAsync(), s => s.Id == result.SubmissionId && s.StateName == "待处理");
        Assert.Contains(await _desk.NoticesOfAsync("portal.editor", "submission.received"), n => n.Contains("青山镇召开冬季安全生产会议"));
        var audit = Assert.Single(await _desk.AuditAsync("submission.sent", result.SubmissionId!.Value));
        Assert.Equal(("town", "town.editor"), (audit.TenantId, audit.Actor));
    }

    [Fact]
    public async Task Adoption_puts_an_attributed_copy_through_the_desks_chain_and_counts_it_when_published()
    {
        var itemId = await _desk.ApprovedAsync("青山镇建成便民服务中心");
        var id = (await _desk.SubmitAsync(itemId)).SubmissionId!.Value;
        var before = await _desk.TownTodayAsync();

        var adopted = await _desk.AdoptAsync(id, "portal-wechat");

        Assert.True(adopted.Ok, adopted.Message);
        var copyId = adopted.ItemId!;
        var inAdoption = (await _desk.FindAsync(id))!;
        Assert.Equal((SubmissionState.Adopting, copyId, "portal-wechat"), (inAdoption.State, inAdoption.AdoptedItemId, inAdoption.AdoptedAccountId));
        // The copy waits in the desk's own review chain; nothing counts as 采用 yet.
        var copy = await _desk.InAsync("portal", sp => sp.GetRequiredService<EditorialQueries>().HistoryAsync(copyId));
        Assert.Equal(ReviewState.InReview, copy!.Versions.Single(v => v.Latest).State);
        Assert.Equal("portal", copy.Item.TenantId);
        Assert.Equal(before.Adopted, (await _desk.TownTodayAsync()).Adopted);
        Assert.Contains(await _desk.NoticesOfAsync("town.editor", "submission.adopted"), n => n.Contains("青山镇建成便民服务中心"));

        await _desk.PublishCopyAsync(copyId);

        var done = (await _desk.FindAsync(id))!;
        Assert.Equal(SubmissionState.Adopted, done.State);
        Assert.NotNull(done.AdoptedUtc);
        var page = await _desk.InAsync("portal", sp => sp.GetRequiredService<IPublishedContentSource>().FindAsync(copyId));
        Assert.Equal("青山镇建成便民服务中心", page!.Title);
        Assert.Equal("portal-wechat", page.AccountId);
        Assert.Equal("测试县青山镇人民政府", ContentFields.Parse(page.FieldsJson)["source"]);
        var after = await _desk.TownTodayAsync();
        Assert.Equal((before.Submitted, before.Adopted + 1), (after.Submitted, after.Adopted));
        Assert.Single(await _desk.AuditAsync("submission.adoption-published", id));
        Assert.Contains(await _desk.NoticesOfAsync("town.editor", "submission.published"), n => n.Contains("青山镇建成便民服务中心"));
    }

    [Fact]
    public async Task A_return_needs_a_reason_and_the_submitter_is_told_why()
    {
        var id = (await _desk.SubmitAsync(await _desk.ApprovedAsync("青山镇举办农民丰收节"))).SubmissionId!.Value;

        var withoutReason = await _desk.ReturnAsync(id, "  ");

        Assert.Equal(EditorialOutcome.Invalid, withoutReason.Outcome);
        Assert.Contains("请填写退回理由", withoutReason.Message);
        Assert.Equal(SubmissionState.Open, (await _desk.FindAsync(id))!.State);
        Assert.Empty(await _desk.AuditAsync("submission.returned", id));

        var returned = await _desk.ReturnAsync(id, "活动照片缺少说明，请补充后再报送。");

        Assert.True(returned.Ok, returned.Message);
        var view = (await _desk.FindAsync(id))!;
        Assert.Equal((SubmissionState.Returned, "活动照片缺少说明，请补充后再报送。", "portal.editor"), (view.State, view.ReturnReason, view.DecidedBy));
        Assert.Contains(await _desk.NoticesOfAsync("town.editor", "submission.returned"), n => n.Contains("活动照片缺少说明"));
        Assert.Single(await _desk.AuditAsync("submission.returned", id));
        // Closed: neither adopted nor returned again.
        Assert.Contains("已于", (await _desk.AdoptAsync(id)).Message);
    }

    [Fact]
    public async Task An_unapproved_version_is_refused_and_nothing_is_recorded()
    {
        var created = await _desk.InAsync("town", sp => sp.GetRequiredService<DraftService>().CreateDraftAsync(Desk.TownEditor, new DraftInput("news", null, "青山镇未审稿件", "正文", null)));
        await _desk.InAsync("town", sp => sp.GetRequiredService<ReviewService>().SubmitAsync(Desk.TownEditor, created.ItemId!));
        await _desk.InAsync("town", sp => sp.GetRequiredService<ReviewService>().ApproveAsync(Desk.TownReviewers[0], created.ItemId!));
        var count = await _desk.SubmissionCountAsync();

        var result = await _desk.SubmitAsync(created.ItemId!);

        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Contains("尚未通过全部审核（已通过 1/3 级）", result.Message);
        Assert.Equal(count, await _desk.SubmissionCountAsync());
    }

    [Fact]
    public async Task A_version_edited_after_its_approvals_is_refused()
    {
        var itemId = await _desk.ApprovedAsync("青山镇审后修改稿件");
        var latest = await _desk.InAsync("town", sp => sp.GetRequiredService<NewMediaCms.Content.ContentStore>().ReadLatestAsync(itemId));
        var saved = await _desk.InAsync("town", sp => sp.GetRequiredService<DraftService>().SaveDraftAsync(Desk.TownEditor, itemId,
            new DraftInput(null, latest!.Item!.AccountId, latest.Title, latest.Markdown + "（补充一句）", null), latest.Id, latest.Revision));
        Assert.True(saved.Ok, saved.Message);
        var count = await _desk.SubmissionCountAsync();

        var result = await _desk.SubmitAsync(itemId);

        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Contains("审核通过后又被修改", result.Message);
        Assert.Equal(count, await _desk.SubmissionCountAsync());
        // And the content the person saw must be the content submitted.
        var other = await _desk.ApprovedAsync("青山镇哈希核对稿件");
        Assert.Equal(EditorialOutcome.Conflict, (await _desk.SubmitAsync(other, hash: "0000")).Outcome);
    }

    [Fact]
    public async Task Only_the_parent_department_or_the_main_accounts_desk_may_receive()
    {
        var itemId = await _desk.ApprovedAsync("青山镇越级报送稿件");

        var toSibling = await _desk.SubmitAsync(itemId, to: "gaj");

        Assert.Equal(EditorialOutcome.Invalid, toSibling.Outcome);
        Assert.Contains("“测试县公安局”不是本部门的上级部门或主账号", toSibling.Message);
        Assert.Contains("只能报送给测试县人民政府", toSibling.Message);
        // A unit two levels down reaches its parent and the main account's desk, nobody else.
        var targets = await _desk.InAsync("cdc", sp => Task.FromResult(sp.GetRequiredService<SubmissionService>().Targets()));
        Assert.Equal(new[] { "wjw", "portal" }, targets.Select(t => t.TenantId));
        Assert.Equal(EditorialOutcome.Invalid, (await _desk.SubmitAsync("any", to: "gaj", by: Desk.CdcEditor, tenant: "cdc")).Outcome);
        Assert.Empty(await _desk.InAsync("portal", sp => Task.FromResult(sp.GetRequiredService<SubmissionService>().Targets())));
    }

    [Fact]
    public async Task The_same_version_is_not_submitted_twice_while_one_is_open_but_may_be_again_once_returned()
    {
        var itemId = await _desk.ApprovedAsync("青山镇重复报送稿件");
        var first = await _desk.SubmitAsync(itemId);
        Assert.True(first.Ok, first.Message);

        var second = await _desk.SubmitAsync(itemId);

        Assert.Equal(EditorialOutcome.Invalid, second.Outcome);
        Assert.Contains("不能重复报送", second.Message);
        Assert.Single(await _desk.SentAsync(), s => s.SourceItemId == itemId);
        // Once returned, the same version may be submitted again.
        Assert.True((await _desk.ReturnAsync(first.SubmissionId!.Value, "请补充图片。")).Ok);
        Assert.True((await _desk.SubmitAsync(itemId)).Ok);
        Assert.Equal(2, (await _desk.SentAsync()).Count(s => s.SourceItemId == itemId));
    }

    [Theory]
    [InlineData("portal-closed", "已关停")]
    [InlineData("portal-merged", "已合并")]
    [InlineData("gaj-site", "不存在或不属于本部门")]
    public async Task Adoption_onto_an_account_that_takes_no_content_is_refused_and_leaves_nothing(string account, string expected)
    {
        var id = (await _desk.SubmitAsync(await _desk.ApprovedAsync("青山镇采用账号测试" + account))).SubmissionId!.Value;
        var items = await _desk.PortalItemCountAsync();

        var result = await _desk.AdoptAsync(id, account);

        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Contains(expected, result.Message);
        Assert.Equal(SubmissionState.Open, (await _desk.FindAsync(id))!.State);
        Assert.Equal(items, await _desk.PortalItemCountAsync());
        Assert.Empty(await _desk.AuditAsync("submission.adopted", id));
    }

    [Fact]
    public async Task Another_departments_people_can_neither_see_nor_decide_a_submission()
    {
        var id = (await _desk.SubmitAsync(await _desk.ApprovedAsync("青山镇隔离测试稿件"))).SubmissionId!.Value;

        // In their own department the submission is not there; in the desk's department they are not its people.
        Assert.Equal(EditorialOutcome.NotFound, (await _desk.AdoptAsync(id, "gaj-site", Desk.GajEditor, "gaj")).Outcome);
        Assert.Equal(EditorialOutcome.NotFound, (await _desk.ReturnAsync(id, "越权退回", Desk.GajEditor, "gaj")).Outcome);
        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.AdoptAsync(id, "portal-site", Desk.GajEditor, "portal")).Outcome);
        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.ReturnAsync(id, "越权退回", Desk.GajEditor, "portal")).Outcome);
        // The submitter cannot decide its own submission either.
        Assert.Equal(EditorialOutcome.NotFound, (await _desk.AdoptAsync(id, "town-site", Desk.TownEditor, "town")).Outcome);
        Assert.Null(await _desk.FindAsync(id, "gaj"));
        Assert.DoesNotContain(await _desk.SentAsync("gaj"), s => s.Id == id);
        Assert.DoesNotContain(await _desk.InboxAsync("gaj"), s => s.Id == id);
        Assert.Equal(SubmissionState.Open, (await _desk.FindAsync(id))!.State);
        // Nor can a person of another department submit this department's item.
        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.SubmitAsync("x", by: Desk.GajEditor)).Outcome);
    }

    [Fact]
    public async Task The_recipe_step_records_adoptions_returns_and_open_submissions_with_the_copy_published()
    {
        var sent = await _desk.SentAsync();
        var adopted = Assert.Single(sent, s => s.SourceItemId == "town-n-1" && s.State == SubmissionState.Adopted);
        Assert.Equal("rs-1-adopted", adopted.AdoptedItemId);
        Assert.Contains(sent, s => s.SourceItemId == "town-n-2" && s.State == SubmissionState.Returned && s.ReturnReason!.Contains("验收"));
        Assert.Contains(sent, s => s.SourceItemId == "town-n-3" && s.State == SubmissionState.Open);
        var copy = await _desk.InAsync("portal", sp => sp.GetRequiredService<IPublishedContentSource>().FindAsync("rs-1-adopted"));
        Assert.Equal("测试县青山镇人民政府", ContentFields.Parse(copy!.FieldsJson)["source"]);
    }
}
