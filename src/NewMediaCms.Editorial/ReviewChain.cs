namespace NewMediaCms.Editorial;

/// <summary>An approval as the review rules see it (and the item page shows it).</summary>
public sealed record ApprovalInfo(long VersionId, int Level, string LevelName, string UserName, DateTime ApprovedUtc, string ContentHash, bool Voided, string? Comment);

/// <summary>A rejection or remark kept with a version.</summary>
public sealed record CommentInfo(long VersionId, string UserName, int? Level, string Text, DateTime CreatedUtc);

/// <summary>
/// A version's place in its department's review chain: the chain's levels, the version's current content hash, its
/// approvals and who wrote it. The one statement of the review rules: which approvals count, who may approve the
/// next level, who may reject, and whether the version is fully approved for a content hash. The editorial commands,
/// the schedule's batches, the dashboard lists and the item page all ask it; the set-based forms of the same rules
/// are in <see cref="ReviewChainSql"/> (tests hold the two to the same answers).
/// </summary>
public sealed class ReviewChain
{
    private readonly IReadOnlyCollection<string> _contributors;

    private ReviewChain(IReadOnlyList<ReviewLevel> levels, string contentHash, IReadOnlyList<ApprovalInfo> approvals, IReadOnlyCollection<string> contributors)
    {
        Levels = levels;
        ContentHash = contentHash;
        All = approvals;
        _contributors = contributors;
        // An approval counts when it is not voided, was given to exactly this content, and is for a level of the chain;
        // the first one per level (a second approval of a level adds nothing).
        Valid = approvals.Where(a => Counts(a, contentHash, levels.Count))
            .GroupBy(a => a.Level).Select(g => g.OrderBy(a => a.ApprovedUtc).First())
            .OrderBy(a => a.Level).ToList();
    }

    /// <summary>The chain of a version with content <paramref name="contentHash"/>, its approvals (voided ones may be included) and its contributors.</summary>
    public static ReviewChain For(IReadOnlyList<ReviewLevel> levels, string contentHash, IEnumerable<ApprovalInfo> approvals, IEnumerable<string>? contributors = null)
        => new(levels, contentHash, approvals.ToList(), (contributors ?? []).ToHashSet(StringComparer.OrdinalIgnoreCase));

    public IReadOnlyList<ReviewLevel> Levels { get; }

    /// <summary>The content the chain judges: the version's current content hash.</summary>
    public string ContentHash { get; }

    /// <summary>Every approval given, voided or not.</summary>
    public IReadOnlyList<ApprovalInfo> All { get; }

    /// <summary>The approvals that count, one per level, in level order.</summary>
    public IReadOnlyList<ApprovalInfo> Valid { get; }

    /// <summary>How many levels are approved.</summary>
    public int ApprovedLevels => Valid.Count;

    /// <summary>The first level still to approve; null when every level is.</summary>
    public ReviewLevel? NextLevel => Levels.FirstOrDefault(l => Valid.All(a => a.Level != l.Level));

    /// <summary>Every level of the chain has a valid approval of exactly the content <paramref name="contentHash"/>.</summary>
    public bool IsFullyApprovedFor(string contentHash) => contentHash == ContentHash && Levels.Count > 0 && NextLevel is null;

    /// <summary>The valid approval of a level, if any.</summary>
    public ApprovalInfo? ApprovalOf(int level) => Valid.FirstOrDefault(a => a.Level == level);

    /// <summary>Whether <paramref name="actor"/> is named at <paramref name="level"/> (one of its users, or holding its role).</summary>
    public static bool IsNamedAt(EditorialActor actor, ReviewLevel level)
        => level.Users.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase) || (level.Role is { Length: > 0 } role && actor.IsInRole(role));

    /// <summary>Whether <paramref name="actor"/> wrote or submitted the version.</summary>
    public bool IsContributor(EditorialActor actor) => _contributors.Contains(actor.UserName);

    /// <summary>May <paramref name="actor"/> approve the next level now (the guard of <see cref="CheckApprover"/> without its message)?</summary>
    public bool MayApprove(EditorialActor actor) => CheckApprover(actor, null) is null;

    /// <summary>
    /// Why <paramref name="actor"/> may not approve the next level, or null when they may: the content is the one they
    /// read (<paramref name="readHash"/>, when given), a level is still open, they did not write the version, they have
    /// not approved another level of it, and they are named at the open level.
    /// </summary>
    public EditorialResult? CheckApprover(EditorialActor actor, string? readHash)
    {
        if (readHash is { Length: > 0 } && readHash != ContentHash)
        {
            return EditorialResult.Fail(EditorialOutcome.Conflict, "您审阅期间内容已被修改，请重新阅读最新内容后再审批。");
        }
        if (NextLevel is not { } level)
        {
            return EditorialResult.Fail(EditorialOutcome.Invalid, "该版本已通过全部审核级别，无需再审批。");
        }
        if (IsContributor(actor))
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, "不能审批自己撰写或提交的内容。");
        }
        if (Valid.FirstOrDefault(a => string.Equals(a.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase)) is { } own)
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, $"您已审批过本版本的第 {own.Level} 级，同一人不能审批多个级别。");
        }
        if (!IsNamedAt(actor, level))
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, $"当前待审的是第 {level.Level} 级“{level.Name}”，您不是该级别的审核人。");
        }
        return null;
    }

    /// <summary>
    /// Why <paramref name="actor"/> may not send the version back, or null with the level they reject at (the first level
    /// they are named at): a reviewer of the chain who did not write it.
    /// </summary>
    public EditorialResult? CheckRejecter(EditorialActor actor, out ReviewLevel? level)
    {
        level = Levels.FirstOrDefault(l => IsNamedAt(actor, l));
        if (level is null)
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, "您不是本部门审核流程中的审核人，不能退回。");
        }
        if (IsContributor(actor))
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, "不能审核自己撰写或提交的内容。");
        }
        return null;
    }

    /// <summary>The rule of a counting approval (kept in step with <see cref="ReviewChainSql.ValidApproval"/>).</summary>
    private static bool Counts(ApprovalInfo a, string contentHash, int levels) => !a.Voided && a.ContentHash == contentHash && a.Level >= 1 && a.Level <= levels;
}
