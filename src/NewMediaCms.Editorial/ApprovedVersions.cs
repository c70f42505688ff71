namespace NewMediaCms.Editorial;

/// <summary>A version that passed its department's whole review chain for exactly its content, as it may leave the department.</summary>
public sealed record ApprovedVersion(string ItemId, string ContentType, string? AccountId, long VersionId, int Number, string Title, string Markdown, string FieldsJson,
    string ContentHash, bool Published);

/// <summary>
/// Which version of an item may be sent out of its department (报送, 分发): the latest version when every level of the
/// chain approved exactly its content (approved, scheduled or published), else the published version when that one
/// is. Approvals are bound to the content hash (<see cref="ReviewChain.IsFullyApprovedFor"/>): a version edited after
/// its approvals is refused, with the reason in one Chinese sentence.
/// </summary>
public sealed class ApprovedVersions(EditorialQueries queries)
{
    /// <param name="expectedHash">The content hash the person saw (optional): when the version changed since, the answer is a conflict.</param>
    /// <param name="action">The verb of the refusal ("报送", "分发").</param>
    public async Task<(ApprovedVersion? Version, EditorialResult? Refusal)> FindAsync(string itemId, string? expectedHash, string action, CancellationToken ct = default)
    {
        var history = await queries.HistoryAsync(itemId, ct);
        if (history is null || history.Item.Deleted)
        {
            return (null, EditorialResult.Fail(EditorialOutcome.NotFound, "内容不存在或已删除。"));
        }
        var latest = history.Item.Versions.Single(v => v.Latest);
        var published = history.Item.Versions.FirstOrDefault(v => v.Published);
        var chosen = IsApproved(history, latest) ? latest : published is not null && IsApproved(history, published) ? published : null;
        if (chosen is null)
        {
            var chain = ReviewChain.For(history.Levels, latest.ContentHash, history.Approvals.Where(a => a.VersionId == latest.Id));
            var edited = chain.All.Any(a => a.Voided || a.ContentHash != latest.ContentHash);
            return (null, EditorialResult.Fail(EditorialOutcome.Invalid,
                edited ? $"该内容审核通过后又被修改，原审核意见已作废，不能{action}：请重新提交审核，全部通过后再{action}。"
                : published is not null ? $"已发布的第 {published.Number} 版没有完整的审核记录，不能{action}：请修改后重新提交审核，全部通过后再{action}。"
                : $"该内容尚未通过全部审核（已通过 {chain.ApprovedLevels}/{chain.Levels.Count} 级），不能{action}：请先提交审核。"));
        }
        if (expectedHash is { Length: > 0 } && expectedHash != chosen.ContentHash)
        {
            return (null, EditorialResult.Fail(EditorialOutcome.Conflict, $"您打开页面后内容已被修改，请刷新页面核对最新内容后再{action}。"));
        }
        return (new ApprovedVersion(history.Item.Id, history.Item.ContentType, history.Item.AccountId, chosen.Id, chosen.Number, chosen.Title, chosen.Markdown,
            chosen.FieldsJson, chosen.ContentHash, chosen.Published), null);
    }

    private static bool IsApproved(ItemHistory history, Content.ContentVersion version)
    {
        var state = history.Versions.First(v => v.Id == version.Id).State;
        return state is ReviewState.Approved or ReviewState.Scheduled or ReviewState.Published
            && ReviewChain.For(history.Levels, version.ContentHash, history.Approvals.Where(a => a.VersionId == version.Id)).IsFullyApprovedFor(version.ContentHash);
    }
}
