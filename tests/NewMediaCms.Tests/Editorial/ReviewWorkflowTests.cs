using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>Versions, the review chain and publication, through the editorial service (the one path for both UI and API).</summary>
public sealed class ReviewWorkflowTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    [Fact]
    public async Task A_new_draft_is_one_latest_unpublished_version_that_readers_cannot_see()
    {
        var id = (await _desk.NewAsync("新草稿")).ItemId!;
        var versions = await _desk.VersionsAsync(id);
        var v = Assert.Single(versions);
        Assert.True(v.Latest);
        Assert.False(v.Published);
        Assert.Equal(1, v.Revision);
        Assert.Equal(ReviewState.Draft, await _desk.StateAsync(id));
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task Three_levels_approve_in_order_then_publishing_moves_the_flag_and_stores_sanitised_html()
    {
        var id = await _desk.SubmittedAsync("三审通知", "## 标题\n\n正文<script>alert(1)</script>");
        var first = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id));
        Assert.Contains("等待第 2 级", first.Message);
        Assert.Equal(ReviewState.InReview, await _desk.StateAsync(id));
        await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer2, id));
        var last = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer3, id));
        Assert.Contains("全部审核完成", last.Message);
        Assert.Equal(ReviewState.Approved, await _desk.StateAsync(id));

        var published = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(published.Ok, published.Message);

        var v = Assert.Single(await _desk.VersionsAsync(id));
        Assert.True(v.Published);
        Assert.NotNull(v.PublishedUtc);
        Assert.Contains("id=\"user-content-标题\"", v.RenderedHtml);
        Assert.DoesNotContain("<script", v.RenderedHtml, StringComparison.OrdinalIgnoreCase);
        var approvals = await _desk.ApprovalsAsync(id);
        Assert.Equal([1, 2, 3], approvals.Select(a => a.Level));
        Assert.All(approvals, a => Assert.Equal(v.ContentHash, a.ContentHash));
        Assert.Equal(["gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3"], approvals.Select(a => a.UserName));
        Assert.Equal("三审通知", (await _desk.PublicAsync(id))!.Title);
    }

    [Fact]
    public async Task Editing_a_published_item_makes_a_draft_beside_it_and_readers_keep_the_published_version_until_the_new_one_is_published()
    {
        var id = await _desk.ApprovedAsync("第一版标题");
        await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));

        var saved = await _desk.SaveAsync(id, "第二版标题", "新正文");
        Assert.True(saved.Ok, saved.Message);
        var versions = await _desk.VersionsAsync(id);
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0].Published);
        Assert.False(versions[0].Latest);
        Assert.True(versions[1].Latest);
        Assert.False(versions[1].Published);
        Assert.Equal("第一版标题", (await _desk.PublicAsync(id))!.Title);

        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var r in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            Assert.True((await _desk.DoAsync(s => s.ApproveAsync(r, id))).Ok);
        }
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Reviewer3, id))).Ok);
        versions = await _desk.VersionsAsync(id);
        Assert.False(versions[0].Published);
        Assert.True(versions[1].Published && versions[1].Latest);
        Assert.Equal("第二版标题", (await _desk.PublicAsync(id))!.Title);
    }

    [Fact]
    public async Task Approving_a_draft_that_was_never_submitted_is_refused_and_changes_nothing()
    {
        var id = (await _desk.NewAsync()).ItemId!;
        var result = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id));
        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Equal("该版本尚未提交审核，不能审批。", result.Message);
        Assert.Empty(await _desk.ApprovalsAsync(id));
        Assert.Equal(ReviewState.Draft, await _desk.StateAsync(id));
    }

    [Fact]
    public async Task Publishing_a_draft_is_refused()
    {
        var id = (await _desk.NewAsync()).ItemId!;
        var result = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Equal("该版本尚未提交审核，不能发布。", result.Message);
        Assert.False(Assert.Single(await _desk.VersionsAsync(id)).Published);
    }

    [Fact]
    public async Task Publishing_before_the_last_level_approved_is_refused()
    {
        var id = await _desk.SubmittedAsync();
        await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id));
        await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer2, id));
        var result = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Contains("已通过 2/3 级", result.Message);
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task Submitting_twice_is_refused()
    {
        var id = await _desk.SubmittedAsync();
        var result = await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, result.Outcome);
        Assert.Equal("该版本已在审核中，无需重复提交。", result.Message);
    }

    [Fact]
    public async Task Publishing_twice_is_refused()
    {
        var id = await _desk.ApprovedAsync();
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        var again = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, again.Outcome);
        Assert.Equal("该版本已经发布。", again.Message);
    }

    [Fact]
    public async Task Rejecting_needs_a_comment_and_sends_the_version_back_with_its_approvals_voided()
    {
        var id = await _desk.SubmittedAsync();
        await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id));

        var noComment = await _desk.DoAsync(s => s.RejectAsync(People.Reviewer2, id, "  "));
        Assert.Equal(EditorialOutcome.Invalid, noComment.Outcome);
        Assert.Equal(ReviewState.InReview, await _desk.StateAsync(id));

        var rejected = await _desk.DoAsync(s => s.RejectAsync(People.Reviewer2, id, "第二段数据有误，请核实。"));
        Assert.True(rejected.Ok, rejected.Message);
        Assert.Equal(ReviewState.Rejected, await _desk.StateAsync(id));
        Assert.All(await _desk.ApprovalsAsync(id), a => Assert.True(a.Voided));

        var approveRejected = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer3, id));
        Assert.Equal(EditorialOutcome.Invalid, approveRejected.Outcome);
        var publishRejected = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal("该版本已被退回，不能发布。", publishRejected.Message);

        // The editor fixes it and submits again; review starts over at level 1.
        Assert.True((await _desk.SaveAsync(id, "待审通知", "改正后的正文")).Ok);
        var resubmitted = await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id));
        Assert.True(resubmitted.Ok, resubmitted.Message);
        Assert.Contains("第 1 级", resubmitted.Message);
    }

    [Fact]
    public async Task Rejecting_a_draft_or_a_published_version_is_refused()
    {
        var draft = (await _desk.NewAsync()).ItemId!;
        Assert.Equal("该版本尚未提交审核，不能退回。", (await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, draft, "x"))).Message);
        var published = await _desk.ApprovedAsync();
        await _desk.DoAsync(s => s.PublishAsync(People.Editor, published));
        Assert.Equal(EditorialOutcome.Invalid, (await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, published, "x"))).Outcome);
    }

    [Fact]
    public async Task Any_edit_voids_the_approvals_and_publishing_is_then_impossible()
    {
        var id = await _desk.ApprovedAsync();
        var saved = await _desk.SaveAsync(id, "已审通知", "审核通过后偷偷改了正文");
        Assert.True(saved.Ok);
        Assert.Contains("3 条审核意见作废", saved.Message);
        Assert.All(await _desk.ApprovalsAsync(id), a => Assert.True(a.Voided));
        Assert.Equal(ReviewState.Draft, await _desk.StateAsync(id));
        var publish = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, publish.Outcome);
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task Nobody_approves_their_own_work()
    {
        // An editor who is also a reviewer writes and submits; they cannot approve it at any level.
        var author = NewMediaCms.Editorial.EditorialActor.Of("gaj.editor", "gaj", Core.Identity.Roles.Editor, Core.Identity.Roles.Reviewer);
        var id = await _desk.SubmittedAsync();
        var result = await _desk.DoAsync(s => s.ApproveAsync(author, id));
        Assert.Equal(EditorialOutcome.Forbidden, result.Outcome);
        Assert.Equal("不能审批自己撰写或提交的内容。", result.Message);

        // Someone who edited the draft counts as an author too.
        var coAuthor = NewMediaCms.Editorial.EditorialActor.Of("gaj.reviewer1", "gaj", Core.Identity.Roles.Editor, Core.Identity.Roles.Reviewer);
        var other = (await _desk.NewAsync()).ItemId!;
        Assert.True((await _desk.SaveAsync(other, "共同编辑", "reviewer1 也改过", coAuthor)).Ok);
        await _desk.DoAsync(s => s.SubmitAsync(People.Editor, other));
        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, other))).Outcome);
        Assert.Empty(await _desk.ApprovalsAsync(other));
    }

    [Fact]
    public async Task One_person_cannot_approve_two_levels()
    {
        var id = await _desk.SubmittedAsync();
        Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
        var again = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id));
        Assert.Equal(EditorialOutcome.Forbidden, again.Outcome);
        Assert.Contains("同一人不能审批多个级别", again.Message);
        Assert.Single(await _desk.ApprovalsAsync(id));
    }

    [Fact]
    public async Task Someone_without_the_level_role_cannot_approve()
    {
        var id = await _desk.SubmittedAsync();
        var result = await _desk.DoAsync(s => s.ApproveAsync(People.Editor2, id));
        Assert.Equal(EditorialOutcome.Forbidden, result.Outcome);
        Assert.Contains("您不是该级别的审核人", result.Message);
    }

    [Fact]
    public async Task A_reviewer_of_another_department_is_refused_and_cannot_even_see_the_item()
    {
        var id = await _desk.SubmittedAsync();
        // Acting inside gaj: refused because they are not gaj staff.
        var inGaj = await _desk.DoAsync(s => s.ApproveAsync(People.WjwReviewer, id));
        Assert.Equal(EditorialOutcome.Forbidden, inGaj.Outcome);
        Assert.Contains("您不是测试县公安局的人员", inGaj.Message);
        // Acting in their own department: gaj's item is not there.
        var inWjw = await _desk.DoAsync(s => s.ApproveAsync(People.WjwReviewer, id), tenant: "wjw");
        Assert.Equal(EditorialOutcome.NotFound, inWjw.Outcome);
        var editInWjw = await _desk.DoAsync(s => s.PublishAsync(People.WjwEditor, id), tenant: "wjw");
        Assert.Equal(EditorialOutcome.NotFound, editInWjw.Outcome);
        Assert.Empty(await _desk.ApprovalsAsync(id));
    }

    [Fact]
    public async Task A_second_person_saving_an_outdated_draft_gets_a_conflict_and_nothing_is_overwritten()
    {
        var id = (await _desk.NewAsync("原标题", "原正文")).ItemId!;
        var opened = (await _desk.VersionsAsync(id)).Single();

        var first = await _desk.DoAsync(s => s.SaveDraftAsync(People.Editor, id, new DraftInput(null, "gaj-site", "甲的标题", "甲的正文", null), opened.Id, opened.Revision));
        Assert.True(first.Ok);
        var second = await _desk.DoAsync(s => s.SaveDraftAsync(People.Editor2, id, new DraftInput(null, "gaj-site", "乙的标题", "乙的正文", null), opened.Id, opened.Revision));
        Assert.Equal(EditorialOutcome.Conflict, second.Outcome);
        Assert.Contains("已被 gaj.editor 修改", second.Message);

        var now = (await _desk.VersionsAsync(id)).Single();
        Assert.Equal("甲的标题", now.Title);
        Assert.Equal("甲的正文", now.Markdown);
        Assert.Equal(2, now.Revision);
    }

    [Fact]
    public async Task Approving_content_that_changed_while_the_reviewer_read_it_is_refused()
    {
        var id = await _desk.SubmittedAsync();
        var read = (await _desk.VersionsAsync(id)).Single().ContentHash;
        await _desk.SaveAsync(id, "待审通知", "审阅期间被修改");
        await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id));
        var result = await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id, read));
        Assert.Equal(EditorialOutcome.Conflict, result.Outcome);
        Assert.DoesNotContain(await _desk.ApprovalsAsync(id), a => !a.Voided);
    }

    [Fact]
    public async Task An_old_version_is_restored_as_a_new_draft_and_history_is_kept()
    {
        var id = await _desk.ApprovedAsync("第一版");
        await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        await _desk.SaveAsync(id, "第二版", "第二版正文");
        var v1 = (await _desk.VersionsAsync(id))[0];

        var restored = await _desk.DoAsync(s => s.RestoreAsync(People.Editor, id, v1.Id));
        Assert.True(restored.Ok, restored.Message);
        var versions = await _desk.VersionsAsync(id);
        Assert.Equal(3, versions.Count);
        Assert.Equal("第一版", versions[2].Title);
        Assert.True(versions[2].Latest);
        Assert.False(versions[2].Published);
        Assert.True(versions[0].Published);
        Assert.Equal(ReviewState.Draft, await _desk.StateAsync(id));
    }

    [Fact]
    public async Task Unpublishing_hides_the_item_from_readers_and_it_can_be_published_again_without_new_review()
    {
        var id = await _desk.ApprovedAsync();
        await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.NotNull(await _desk.PublicAsync(id));
        Assert.True((await _desk.DoAsync(s => s.UnpublishAsync(People.Editor, id))).Ok);
        Assert.Null(await _desk.PublicAsync(id));
        Assert.Equal(EditorialOutcome.Invalid, (await _desk.DoAsync(s => s.UnpublishAsync(People.Editor, id))).Outcome);
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        Assert.NotNull(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task Publish_at_a_later_time_is_stored_and_the_item_stays_private_until_then()
    {
        var id = await _desk.ApprovedAsync();
        var at = DateTime.UtcNow.AddDays(2);
        var result = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id, at));
        Assert.True(result.Ok, result.Message);
        var v = Assert.Single(await _desk.VersionsAsync(id));
        Assert.False(v.Published);
        Assert.Equal(at, v.PublishAtUtc!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(ReviewState.Scheduled, await _desk.StateAsync(id));
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task Deleting_is_soft_and_purging_needs_a_department_admin_and_a_reason()
    {
        var id = await _desk.ApprovedAsync();
        await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, (await _desk.DoAsync(s => s.PurgeAsync(People.Admin, id, "误发"))).Outcome);
        Assert.True((await _desk.DoAsync(s => s.DeleteAsync(People.Editor, id))).Ok);
        Assert.Null(await _desk.PublicAsync(id));
        Assert.Single(await _desk.VersionsAsync(id)); // still stored

        Assert.Equal(EditorialOutcome.Forbidden, (await _desk.DoAsync(s => s.PurgeAsync(People.Editor, id, "误发"))).Outcome);
        Assert.Equal(EditorialOutcome.Invalid, (await _desk.DoAsync(s => s.PurgeAsync(People.Admin, id, ""))).Outcome);
        Assert.True((await _desk.DoAsync(s => s.PurgeAsync(People.Admin, id, "重复发布，经主要负责人同意清除"))).Ok);
        Assert.Empty(await _desk.VersionsAsync(id));
        Assert.Empty(await _desk.ApprovalsAsync(id));
    }

    [Fact]
    public async Task Reviewers_cannot_write_content()
    {
        var result = await _desk.DoAsync(s => s.CreateDraftAsync(People.Reviewer1, new DraftInput("notice", null, "标题", "正文", null)));
        Assert.Equal(EditorialOutcome.Forbidden, result.Outcome);
    }
}
