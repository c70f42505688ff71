using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;

namespace NewMediaCms.Tests.Editorial;

/// <summary>The review rules, stated once in the <see cref="ReviewChain"/> value: each rule on its own.</summary>
public sealed class ReviewChainTests
{
    private const string Hash = "hash-now";
    private static readonly DateTime At = new(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly IReadOnlyList<ReviewLevel> ThreeLevels = ReviewChainService.Default;

    private static readonly IReadOnlyList<ReviewLevel> NamedSecondLevel =
    [
        new(1, "初审", Roles.Reviewer, []),
        new(2, "终审", null, ["gaj.leader"]),
    ];

    private static ApprovalInfo Approval(int level, string user, string hash = Hash, bool voided = false)
        => new(1, level, $"第 {level} 级", user, At.AddMinutes(level), hash, voided, null);

    private static ReviewChain Chain(IReadOnlyList<ReviewLevel> levels, params ApprovalInfo[] approvals)
        => ReviewChain.For(levels, Hash, approvals, ["gaj.editor"]);

    [Fact]
    public void A_voided_approval_does_not_count()
    {
        var chain = Chain(ThreeLevels, Approval(1, "gaj.reviewer1", voided: true));
        Assert.Equal(0, chain.ApprovedLevels);
        Assert.Equal(1, chain.NextLevel!.Level);
    }

    [Fact]
    public void An_approval_of_other_content_does_not_count()
    {
        var chain = Chain(ThreeLevels, Approval(1, "gaj.reviewer1", hash: "hash-before"));
        Assert.Equal(0, chain.ApprovedLevels);
    }

    [Fact]
    public void An_approval_for_a_level_the_chain_does_not_have_does_not_count()
    {
        var chain = Chain(NamedSecondLevel, Approval(1, "gaj.reviewer1"), Approval(3, "gaj.reviewer3"));
        Assert.Equal(1, chain.ApprovedLevels);
        Assert.False(chain.IsFullyApprovedFor(Hash));
    }

    [Fact]
    public void The_next_level_is_the_first_without_a_valid_approval()
    {
        var chain = Chain(ThreeLevels, Approval(1, "gaj.reviewer1"), Approval(2, "gaj.reviewer2"));
        Assert.Equal(3, chain.NextLevel!.Level);
        Assert.Equal(2, chain.ApprovedLevels);
    }

    [Fact]
    public void A_version_is_fully_approved_only_when_every_level_approved_exactly_this_content()
    {
        var two = Chain(ThreeLevels, Approval(1, "gaj.reviewer1"), Approval(2, "gaj.reviewer2"));
        var three = Chain(ThreeLevels, Approval(1, "gaj.reviewer1"), Approval(2, "gaj.reviewer2"), Approval(3, "gaj.reviewer3"));
        var twice = Chain(ThreeLevels, Approval(1, "gaj.reviewer1"), Approval(1, "gaj.reviewer2"), Approval(3, "gaj.reviewer3"));
        Assert.False(two.IsFullyApprovedFor(Hash));
        Assert.True(three.IsFullyApprovedFor(Hash));
        Assert.False(three.IsFullyApprovedFor("hash-after"));
        Assert.False(twice.IsFullyApprovedFor(Hash));
        Assert.Null(three.NextLevel);
    }

    [Fact]
    public void The_author_may_not_approve()
    {
        var chain = Chain(ThreeLevels);
        var author = EditorialActor.Of("gaj.editor", "gaj", Roles.Editor, Roles.Reviewer);
        Assert.Equal("不能审批自己撰写或提交的内容。", chain.CheckApprover(author, null)!.Message);
        Assert.False(chain.MayApprove(author));
    }

    [Fact]
    public void One_person_may_not_approve_two_levels()
    {
        var chain = Chain(ThreeLevels, Approval(1, "gaj.reviewer1"));
        var refusal = chain.CheckApprover(EditorialActor.Of("gaj.reviewer1", "gaj", Roles.Reviewer), null);
        Assert.Equal(EditorialOutcome.Forbidden, refusal!.Outcome);
        Assert.Equal("您已审批过本版本的第 1 级，同一人不能审批多个级别。", refusal.Message);
        Assert.True(chain.MayApprove(EditorialActor.Of("gaj.reviewer2", "gaj", Roles.Reviewer)));
    }

    [Fact]
    public void Only_a_person_named_at_the_open_level_may_approve_it()
    {
        var chain = Chain(NamedSecondLevel, Approval(1, "gaj.reviewer1"));
        var reviewer = EditorialActor.Of("gaj.reviewer2", "gaj", Roles.Reviewer);
        Assert.Equal("当前待审的是第 2 级“终审”，您不是该级别的审核人。", chain.CheckApprover(reviewer, null)!.Message);
        Assert.True(chain.MayApprove(EditorialActor.Of("gaj.leader", "gaj")));
        Assert.False(Chain(NamedSecondLevel).MayApprove(EditorialActor.Of("gaj.leader", "gaj")));
    }

    [Fact]
    public void An_approval_of_content_that_changed_since_it_was_read_is_a_conflict()
    {
        var chain = Chain(ThreeLevels);
        var reviewer = EditorialActor.Of("gaj.reviewer1", "gaj", Roles.Reviewer);
        Assert.Equal(EditorialOutcome.Conflict, chain.CheckApprover(reviewer, "hash-read-before")!.Outcome);
        Assert.Null(chain.CheckApprover(reviewer, Hash));
    }

    [Fact]
    public void Nobody_approves_a_version_whose_every_level_is_approved()
    {
        var chain = Chain(NamedSecondLevel, Approval(1, "gaj.reviewer1"), Approval(2, "gaj.leader"));
        Assert.Equal("该版本已通过全部审核级别，无需再审批。", chain.CheckApprover(EditorialActor.Of("gaj.reviewer2", "gaj", Roles.Reviewer), null)!.Message);
    }

    [Fact]
    public void A_reviewer_of_the_chain_who_did_not_write_the_version_may_send_it_back_at_their_first_level()
    {
        var chain = Chain(NamedSecondLevel);
        Assert.Null(chain.CheckRejecter(EditorialActor.Of("gaj.leader", "gaj"), out var level));
        Assert.Equal(2, level!.Level);
        Assert.Equal("您不是本部门审核流程中的审核人，不能退回。", chain.CheckRejecter(EditorialActor.Of("gaj.editor2", "gaj", Roles.Editor), out _)!.Message);
        Assert.Equal("不能审核自己撰写或提交的内容。", chain.CheckRejecter(EditorialActor.Of("gaj.editor", "gaj", Roles.Reviewer), out _)!.Message);
    }
}
