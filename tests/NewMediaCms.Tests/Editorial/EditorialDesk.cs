using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>The people of the test recipe, as the editorial service sees them.</summary>
public static class People
{
    public static readonly EditorialActor Editor = EditorialActor.Of("gaj.editor", "gaj", Roles.Editor);
    public static readonly EditorialActor Editor2 = EditorialActor.Of("gaj.editor2", "gaj", Roles.Editor);
    public static readonly EditorialActor Reviewer1 = EditorialActor.Of("gaj.reviewer1", "gaj", Roles.Reviewer);
    public static readonly EditorialActor Reviewer2 = EditorialActor.Of("gaj.reviewer2", "gaj", Roles.Reviewer);
    public static readonly EditorialActor Reviewer3 = EditorialActor.Of("gaj.reviewer3", "gaj", Roles.Reviewer);
    public static readonly EditorialActor Admin = EditorialActor.Of("gaj.admin", "gaj", Roles.DepartmentAdmin);
    public static readonly EditorialActor WjwReviewer = EditorialActor.Of("wjw.reviewer1", "wjw", Roles.Reviewer);
    public static readonly EditorialActor WjwEditor = EditorialActor.Of("wjw.editor", "wjw", Roles.Editor);
}

/// <summary>The editorial commands of one unit of work, by their verbs' services (what a request resolves).</summary>
public sealed class EditorialCommands(IServiceProvider sp)
{
    private DraftService Drafts => sp.GetRequiredService<DraftService>();

    private ReviewService Review => sp.GetRequiredService<ReviewService>();

    private PublicationService Publication => sp.GetRequiredService<PublicationService>();

    private RecycleBin RecycleBin => sp.GetRequiredService<RecycleBin>();

    public Task<EditorialResult> CreateDraftAsync(EditorialActor actor, DraftInput input) => Drafts.CreateDraftAsync(actor, input);

    public Task<EditorialResult> SaveDraftAsync(EditorialActor actor, string itemId, DraftInput input, long baseVersionId, int baseRevision) => Drafts.SaveDraftAsync(actor, itemId, input, baseVersionId, baseRevision);

    public Task<EditorialResult> RestoreAsync(EditorialActor actor, string itemId, long versionId) => Drafts.RestoreAsync(actor, itemId, versionId);

    public Task<EditorialResult> SubmitAsync(EditorialActor actor, string itemId) => Review.SubmitAsync(actor, itemId);

    public Task<EditorialResult> ApproveAsync(EditorialActor actor, string itemId, string? expectedHash = null, string? comment = null) => Review.ApproveAsync(actor, itemId, expectedHash, comment);

    public Task<EditorialResult> RejectAsync(EditorialActor actor, string itemId, string? comment) => Review.RejectAsync(actor, itemId, comment);

    public Task<EditorialResult> PublishAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc = null) => Publication.PublishAsync(actor, itemId, publishAtUtc);

    public Task<EditorialResult> PublishDueAsync(long versionId, bool caughtByReconciler = false) => Publication.PublishDueAsync(versionId, caughtByReconciler);

    public Task<EditorialResult> SetScheduleAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc, DateTime? unpublishAtUtc) => Publication.SetScheduleAsync(actor, itemId, publishAtUtc, unpublishAtUtc);

    public Task<EditorialResult> UnpublishAsync(EditorialActor actor, string itemId) => Publication.UnpublishAsync(actor, itemId);

    public Task<EditorialResult> DeleteAsync(EditorialActor actor, string itemId) => RecycleBin.DeleteAsync(actor, itemId);

    public Task<EditorialResult> UndeleteAsync(EditorialActor actor, string itemId) => RecycleBin.UndeleteAsync(actor, itemId);

    public Task<EditorialResult> PurgeAsync(EditorialActor actor, string itemId, string? reason) => RecycleBin.PurgeAsync(actor, itemId, reason);
}

/// <summary>Drives the editorial services the way requests do: one scope (unit of work) per action, in a department.</summary>
public sealed class EditorialDesk(NmcAppFactory app)
{
    public async Task<T> InAsync<T>(string tenant, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.TenantScope(tenant);
        return await action(scope.ServiceProvider);
    }

    public Task<EditorialResult> DoAsync(Func<EditorialCommands, Task<EditorialResult>> action, string tenant = "gaj")
        => InAsync(tenant, sp => action(new EditorialCommands(sp)));

    public async Task<EditorialResult> NewAsync(string title = "测试通知", string body = "正文", string type = "notice", Dictionary<string, string>? fields = null, EditorialActor? by = null)
    {
        var result = await DoAsync(s => s.CreateDraftAsync(by ?? People.Editor, new DraftInput(type, "gaj-site", title, body, fields)));
        Assert.True(result.Ok, result.Message);
        return result;
    }

    public async Task<string> SubmittedAsync(string title = "待审通知", string body = "正文")
    {
        var id = (await NewAsync(title, body)).ItemId!;
        Assert.True((await DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        return id;
    }

    public async Task<string> ApprovedAsync(string title = "已审通知", string body = "正文")
    {
        var id = await SubmittedAsync(title, body);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            var r = await DoAsync(s => s.ApproveAsync(reviewer, id));
            Assert.True(r.Ok, r.Message);
        }
        return id;
    }

    public Task<List<ContentVersion>> VersionsAsync(string id, string tenant = "gaj")
        => InAsync(tenant, sp => sp.GetRequiredService<Core.Data.NmcDbContext>().Set<ContentVersion>().AsNoTracking()
            .Where(v => v.ContentItemId == id).OrderBy(v => v.Number).ToListAsync());

    public Task<ReviewState> StateAsync(string id)
        => InAsync("gaj", async sp =>
        {
            var db = sp.GetRequiredService<Core.Data.NmcDbContext>();
            var latest = await db.Set<ContentVersion>().SingleAsync(v => v.ContentItemId == id && v.Latest);
            return (await db.Set<VersionReview>().SingleAsync(r => r.VersionId == latest.Id)).State;
        });

    public Task<List<ApprovalInfo>> ApprovalsAsync(string id)
        => InAsync("gaj", sp => sp.GetRequiredService<Core.Data.NmcDbContext>().Set<ReviewApproval>().AsNoTracking().Where(a => a.ContentItemId == id).OrderBy(a => a.Id)
            .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, a.Comment)).ToListAsync());

    public Task<PublishedItem?> PublicAsync(string id, string tenant = "gaj")
        => InAsync(tenant, sp => sp.GetRequiredService<IPublishedContentSource>().FindAsync(id));

    public async Task<EditorialResult> SaveAsync(string id, string title, string body, EditorialActor? by = null, Dictionary<string, string>? fields = null)
    {
        var latest = (await VersionsAsync(id)).Single(v => v.Latest);
        return await DoAsync(s => s.SaveDraftAsync(by ?? People.Editor, id, new DraftInput(null, "gaj-site", title, body, fields), latest.Id, latest.Revision));
    }
}
