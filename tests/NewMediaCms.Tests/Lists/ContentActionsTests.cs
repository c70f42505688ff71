using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;
using static NewMediaCms.Editorial.ContentAction;

namespace NewMediaCms.Tests.Lists;

/// <summary>Each role sees exactly its actions in each state, with the reasons; what is offered is what the commands do.</summary>
public sealed class ContentActionsTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    private static readonly EditorialActor Auditor = EditorialActor.Of("auditor", null, Roles.Auditor);

    public enum Stage
    {
        Draft,
        InReview,
        FirstLevelApproved,
        Approved,
        Published,
        Rejected,
    }

    private async Task<string> ItemInAsync(Stage stage)
    {
        var title = $"动作{stage}{Guid.NewGuid():N}"[..20];
        switch (stage)
        {
            case Stage.Draft:
                return (await _desk.NewAsync(title)).ItemId!;
            case Stage.InReview:
                return await _desk.SubmittedAsync(title);
            case Stage.FirstLevelApproved:
                var id = await _desk.SubmittedAsync(title);
                Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
                return id;
            case Stage.Approved:
                return await _desk.ApprovedAsync(title);
            case Stage.Published:
                var p = await _desk.ApprovedAsync(title);
                Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, p))).Ok);
                return p;
            default:
                var r = await _desk.SubmittedAsync(title);
                Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer2, r, "请补充"))).Ok);
                return r;
        }
    }

    private Task<ContentActions> ActionsAsync(EditorialActor actor, string id)
        => _desk.InAsync("gaj", async sp => sp.GetRequiredService<ContentActionsService>().For(actor, (await sp.GetRequiredService<EditorialQueries>().HistoryAsync(id))!));

    public static TheoryData<Stage, string, ContentAction[]> Expected => new()
    {
        { Stage.Draft, "gaj.editor", [Edit, Submit, Schedule, Delete, Move] },
        { Stage.Draft, "gaj.reviewer1", [] },
        { Stage.Draft, "gaj.admin", [Edit, Submit, Schedule, Delete, Move] },
        { Stage.Draft, "auditor", [] },
        { Stage.InReview, "gaj.editor", [Edit, Schedule, Delete, Move] },
        { Stage.InReview, "gaj.reviewer1", [Approve, Reject] },
        { Stage.FirstLevelApproved, "gaj.reviewer1", [Reject] },
        { Stage.FirstLevelApproved, "gaj.reviewer2", [Approve, Reject] },
        { Stage.Approved, "gaj.editor", [Edit, Publish, Schedule, Delete, Move] },
        { Stage.Approved, "gaj.reviewer1", [Reject, Publish] },
        { Stage.Published, "gaj.editor", [Edit, Schedule, Unpublish, Delete, Move, Restore] },
        { Stage.Published, "gaj.reviewer1", [] },
        { Stage.Published, "gaj.admin", [Edit, Schedule, Unpublish, Delete, Move, Restore] },
        { Stage.Rejected, "gaj.editor", [Edit, Submit, Schedule, Delete, Move] },
        { Stage.Rejected, "gaj.reviewer1", [] },
    };

    private static EditorialActor Person(string name) => name switch
    {
        "gaj.editor" => People.Editor,
        "gaj.reviewer1" => People.Reviewer1,
        "gaj.reviewer2" => People.Reviewer2,
        "gaj.admin" => People.Admin,
        _ => Auditor,
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Each_role_is_offered_exactly_its_actions_in_each_state(Stage stage, string person, ContentAction[] expected)
    {
        var id = await ItemInAsync(stage);
        var actions = await ActionsAsync(Person(person), id);
        Assert.Equal(expected.Order(), actions.Allowed.Order());
    }

    [Fact]
    public async Task What_is_not_yet_possible_says_why()
    {
        var inReview = await ItemInAsync(Stage.FirstLevelApproved);
        var editor = await ActionsAsync(People.Editor, inReview);
        Assert.Equal("需要终审（分管领导）通过后才能发布（已通过 1/3 级，等待复审（科室负责人））。", editor.Why(Publish));
        Assert.StartsWith("已在审核中，等待复审（科室负责人）", editor.Why(Submit));
        // The editor is not a reviewer: approving is not theirs at all, so no reason is shown either.
        Assert.False(editor[Approve].Shown);

        var first = await ActionsAsync(People.Reviewer1, inReview);
        Assert.Equal("您已审批过本版本的第 1 级，同一人不能审批多个级别。", first.Why(Approve));

        var auditor = await ActionsAsync(Auditor, inReview);
        Assert.DoesNotContain(auditor.All, a => a.Shown);
    }

    [Fact]
    public async Task A_reviewer_named_only_at_a_later_level_is_told_to_wait_and_an_author_who_reviews_is_told_why_not()
    {
        await _desk.InAsync("gaj", async sp =>
        {
            // A chain names only reviewers of the department: editor2 also holds the reviewer role.
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NewMediaCms.Core.Identity.NmcUser>>();
            var editor2 = await users.FindByNameAsync("gaj.editor2");
            Assert.True((await users.AddToRoleAsync(editor2!, NewMediaCms.Core.Identity.Roles.Reviewer)).Succeeded);
            var r = await sp.GetRequiredService<ReviewChainService>().SaveAsync(People.Admin,
            [
                new ReviewLevel(1, "初审", null, ["gaj.reviewer1"]),
                new ReviewLevel(2, "复审", null, ["gaj.reviewer2"]),
                new ReviewLevel(3, "终审", null, ["gaj.reviewer3", "gaj.editor2"]),
            ]);
            Assert.True(r.Ok, r.Message);
            return r;
        });
        try
        {
            var id = (await _desk.NewAsync("等待的通知", by: People.Editor2)).ItemId!;
            Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor2, id))).Ok);
            var third = await ActionsAsync(People.Reviewer3, id);
            Assert.Equal("等待初审：第 1 级“初审”通过后，才轮到您审核（第 3 级“终审”）。", third.Why(Approve));
            var author = await ActionsAsync(People.Editor2, id);
            Assert.Equal("不能审核自己撰写或提交的内容。", author.Why(Approve));
            Assert.Equal("不能审核自己撰写或提交的内容。", author.Why(Reject));
        }
        finally
        {
            await _desk.InAsync("gaj", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(People.Admin, ReviewChainService.Default.ToList()));
            await _desk.InAsync("gaj", async sp =>
            {
                var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NewMediaCms.Core.Identity.NmcUser>>();
                return await users.RemoveFromRoleAsync((await users.FindByNameAsync("gaj.editor2"))!, NewMediaCms.Core.Identity.Roles.Reviewer);
            });
        }
    }

    public static TheoryData<Stage, string> Agreement()
    {
        var data = new TheoryData<Stage, string>();
        foreach (var stage in Enum.GetValues<Stage>())
        {
            foreach (var person in new[] { "gaj.editor", "gaj.reviewer1", "gaj.reviewer2", "gaj.admin" })
            {
                data.Add(stage, person);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Agreement))]
    public async Task An_offered_action_succeeds_and_one_not_offered_is_refused_by_its_command(Stage stage, string person)
    {
        var actor = Person(person);
        foreach (var action in new[] { Submit, Approve, Reject, Publish })
        {
            var id = await ItemInAsync(stage);
            var offered = (await ActionsAsync(actor, id)).Can(action);
            var result = await _desk.DoAsync(s => action switch
            {
                Submit => s.SubmitAsync(actor, id),
                Approve => s.ApproveAsync(actor, id),
                Reject => s.RejectAsync(actor, id, "退回意见"),
                _ => s.PublishAsync(actor, id),
            });
            Assert.True(offered == result.Ok, $"{stage} {person} {action}: 页面{(offered ? "提供" : "不提供")}，命令{(result.Ok ? "成功" : "拒绝：" + result.Message)}");
        }
    }
}
