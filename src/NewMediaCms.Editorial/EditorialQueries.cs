using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

public sealed record WorkItem(string ItemId, string ContentType, string Title, int Number, long VersionId, ReviewState State, string Author, DateTime UpdatedUtc, DateTime? PublishedUtc, DateTime? PublishAtUtc, int ApprovedLevels, int Levels, string? NextLevelName);

public sealed record VersionInfo(long Id, int Number, bool Latest, bool Published, string Title, string Author, DateTime CreatedUtc, DateTime? PublishedUtc, DateTime? PublishAtUtc, string ContentHash, int Revision, ReviewState State, string? SubmittedBy);

public sealed record DeletedItem(string ItemId, string ContentType, string Title, int Versions, bool WasPublished, DateTime? DeletedUtc);

public sealed record ItemHistory(ContentItem Item, IReadOnlyList<VersionInfo> Versions, IReadOnlyList<ApprovalInfo> Approvals, IReadOnlyList<CommentInfo> Comments, IReadOnlyList<ReviewLevel> Levels)
{
    /// <summary>Everyone who wrote or submitted the latest version (none of them may approve it).</summary>
    public IReadOnlyCollection<string> LatestContributors { get; init; } = [];

    /// <summary>The latest version's place in the chain (which approvals count, what is still open, who wrote it).</summary>
    public ReviewChain LatestChain
    {
        get
        {
            var latest = Item.Versions.Single(v => v.Latest);
            return ReviewChain.For(Levels, latest.ContentHash, Approvals.Where(a => a.VersionId == latest.Id), LatestContributors);
        }
    }
}

/// <summary>Read side of the editorial desk: dashboard lists, the review queue and an item's history.</summary>
public sealed class EditorialQueries(NmcDbContext db, ContentStore content, ReviewChainService chains)
{
    public async Task<List<WorkItem>> LatestAsync(Func<IQueryable<ContentVersion>, IQueryable<ContentVersion>> filter, int take, CancellationToken ct = default)
        => (await RowsAsync(filter, take, ct)).Select(r => r.Item).ToList();

    private async Task<List<(WorkItem Item, ReviewChain Chain)>> RowsAsync(Func<IQueryable<ContentVersion>, IQueryable<ContentVersion>> filter, int take, CancellationToken ct)
    {
        var levels = await chains.LevelsAsync(ct);
        var rows = await filter(LiveVersions)
            .Take(take)
            .Select(v => new
            {
                v.ContentItemId, v.Item!.ContentType, v.Title, v.Number, v.Id, v.Author, v.CreatedUtc, v.PublishedUtc, v.PublishAtUtc, v.Published, v.ContentHash,
                Review = db.Set<VersionReview>().Where(r => r.VersionId == v.Id).Select(r => new { r.State, r.UpdatedUtc, r.Contributors }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var approvals = (await db.Set<ReviewApproval>().AsNoTracking().Where(a => ids.Contains(a.VersionId) && !a.Voided)
                .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, null)).ToListAsync(ct))
            .ToLookup(a => a.VersionId);
        return rows.Select(r =>
        {
            var state = r.Review?.State ?? (r.Published ? ReviewState.Published : ReviewState.Draft);
            var chain = ReviewChain.For(levels, r.ContentHash, approvals[r.Id], (r.Review?.Contributors ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries));
            return (new WorkItem(r.ContentItemId, r.ContentType, r.Title, r.Number, r.Id, state, r.Author, r.Review?.UpdatedUtc ?? r.CreatedUtc,
                r.PublishedUtc, r.PublishAtUtc, chain.ApprovedLevels, levels.Count,
                state == ReviewState.InReview ? chain.NextLevel?.Name : null), chain);
        }).ToList();
    }

    /// <summary>Versions of items not deleted (the one read of Content's versions here, shared by the lists and the counts).</summary>
    private IQueryable<ContentVersion> LiveVersions => db.Set<ContentVersion>().AsNoTracking().Where(v => !v.Item!.Deleted);

    /// <summary>
    /// How many items are in each state, by the state of their latest version (a version no review has touched yet is a
    /// draft, or published): one grouped query, for the dashboard.
    /// </summary>
    public async Task<Dictionary<ReviewState, int>> StateCountsAsync(CancellationToken ct = default)
    {
        var rows = await (from v in LiveVersions.Where(v => v.Latest)
                          join r in db.Set<VersionReview>() on v.Id equals r.VersionId into rs
                          from r in rs.DefaultIfEmpty()
                          group v by new { v.Published, State = (ReviewState?)r.State } into g
                          select new { g.Key.Published, g.Key.State, Count = g.Count() }).ToListAsync(ct);
        return rows.GroupBy(r => r.State ?? (r.Published ? ReviewState.Published : ReviewState.Draft))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Count));
    }

    /// <summary>
    /// The user's items a reviewer sent back (被退回): the rejected reviews first (index on tenant and state), the user
    /// matched exactly among each review's contributors, then their latest unpublished versions.
    /// </summary>
    public async Task<List<WorkItem>> RejectedForAsync(string userName, CancellationToken ct = default)
    {
        var candidates = await db.Set<VersionReview>().AsNoTracking()
            .Where(r => r.State == ReviewState.Rejected && r.Contributors.Contains(userName))
            .Select(r => new { r.VersionId, r.Contributors })
            .ToListAsync(ct);
        var ids = candidates.Where(r => r.Contributors.Split(',', StringSplitOptions.RemoveEmptyEntries).Contains(userName, StringComparer.Ordinal))
            .Select(r => r.VersionId).ToList();
        return ids.Count == 0 ? [] : await LatestAsync(q => q.Where(v => ids.Contains(v.Id) && v.Latest && !v.Published).OrderByDescending(v => v.CreatedUtc), 50, ct);
    }

    /// <summary>Versions in review whose next level the actor may approve (<see cref="ReviewChain.MayApprove"/>).</summary>
    public async Task<List<WorkItem>> WaitingForAsync(EditorialActor actor, CancellationToken ct = default)
        => (await RowsAsync(q => q.Where(v => v.Latest && db.Set<VersionReview>().Any(r => r.VersionId == v.Id && r.State == ReviewState.InReview))
                .OrderBy(v => v.CreatedUtc), 500, ct))
            .Where(r => r.Chain.MayApprove(actor)).Select(r => r.Item).ToList();

    /// <summary>Everything in review, for the queue page (what awaits whom).</summary>
    public Task<List<WorkItem>> InReviewAsync(CancellationToken ct = default)
        => LatestAsync(q => q.Where(v => v.Latest && db.Set<VersionReview>().Any(r => r.VersionId == v.Id && (r.State == ReviewState.InReview || r.State == ReviewState.Approved)))
            .OrderBy(v => v.CreatedUtc), 200, ct);

    public Task<List<WorkItem>> RecentlyPublishedAsync(CancellationToken ct = default)
        => LatestAsync(q => q.Where(v => v.Published).OrderByDescending(v => v.PublishedUtc), 20, ct);

    public Task<List<WorkItem>> ScheduledAsync(CancellationToken ct = default)
        => LatestAsync(q => q.Where(v => v.Latest && v.PublishAtUtc != null && db.Set<VersionReview>().Any(r => r.VersionId == v.Id && r.State == ReviewState.Scheduled))
            .OrderBy(v => v.PublishAtUtc), 50, ct);

    public Task<List<WorkItem>> AllAsync(CancellationToken ct = default)
        => LatestAsync(q => q.Where(v => v.Latest).OrderByDescending(v => v.CreatedUtc), 200, ct);

    /// <summary>The department's recycle bin: deleted items, most recently deleted first.</summary>
    public async Task<List<DeletedItem>> DeletedAsync(CancellationToken ct = default)
        => await db.Set<ContentItem>().IgnoreQueryFilters(["SoftDelete"]).AsNoTracking().Where(i => i.Deleted)
            .OrderByDescending(i => i.DeletedUtc)
            .Select(i => new DeletedItem(i.Id, i.ContentType, i.Versions.Where(v => v.Latest).Select(v => v.Title).FirstOrDefault() ?? i.Id,
                i.Versions.Count, i.Versions.Any(v => v.Published), i.DeletedUtc))
            .Take(500)
            .ToListAsync(ct);

    public async Task<ItemHistory?> HistoryAsync(string itemId, CancellationToken ct = default)
    {
        // Deleted items stay viewable by id (their history, and the purge button for administrators).
        var item = await content.ReadItemAsync(itemId, ct);
        if (item is null)
        {
            return null;
        }
        var ids = item.Versions.Select(v => v.Id).ToList();
        var reviews = await db.Set<VersionReview>().AsNoTracking().Where(r => ids.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        var versions = item.Versions.OrderByDescending(v => v.Number).Select(v =>
        {
            reviews.TryGetValue(v.Id, out var r);
            return new VersionInfo(v.Id, v.Number, v.Latest, v.Published, v.Title, v.Author, v.CreatedUtc, v.PublishedUtc, v.PublishAtUtc, v.ContentHash, v.Revision,
                r?.State ?? (v.Published ? ReviewState.Published : ReviewState.Draft), r?.SubmittedBy);
        }).ToList();
        var approvals = await db.Set<ReviewApproval>().AsNoTracking().Where(a => ids.Contains(a.VersionId)).OrderBy(a => a.ApprovedUtc)
            .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, a.Comment)).ToListAsync(ct);
        var comments = await db.Set<ReviewComment>().AsNoTracking().Where(c => ids.Contains(c.VersionId)).OrderBy(c => c.CreatedUtc)
            .Select(c => new CommentInfo(c.VersionId, c.UserName, c.Level, c.Text, c.CreatedUtc)).ToListAsync(ct);
        var latestVersion = item.Versions.Single(v => v.Latest);
        var contributors = reviews.TryGetValue(latestVersion.Id, out var latestReview) ? latestReview.ContributorList.ToList() : [latestVersion.Author];
        return new ItemHistory(item, versions, approvals, comments, await chains.LevelsAsync(ct)) { LatestContributors = contributors };
    }

    public static string StateName(ReviewState state) => state switch
    {
        ReviewState.Draft => "草稿",
        ReviewState.InReview => "审核中",
        ReviewState.Rejected => "被退回",
        ReviewState.Approved => "待发布",
        ReviewState.Scheduled => "已排期",
        ReviewState.Published => "已发布",
        ReviewState.Superseded => "已被新版本取代",
        _ => state.ToString(),
    };
}
