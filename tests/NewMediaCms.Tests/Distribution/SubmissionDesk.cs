using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;
using NewMediaCms.Notifications;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Distribution;

/// <summary>The application on the submission-county recipe (a township under the county government, whose desk has editors and reviewers).</summary>
public sealed class SubmissionCounty : NmcAppFactory
{
    public SubmissionCounty() : base(StoreKind.Sqlite, TestPaths.Recipe("submission-county"))
    {
    }
}

/// <summary>The people of the submission-county recipe.</summary>
public static class Desk
{
    public static readonly EditorialActor TownEditor = EditorialActor.Of("town.editor", "town", Roles.Editor);
    public static readonly EditorialActor[] TownReviewers = [.. new[] { "town.reviewer1", "town.reviewer2", "town.reviewer3" }.Select(n => EditorialActor.Of(n, "town", Roles.Reviewer))];
    public static readonly EditorialActor PortalEditor = EditorialActor.Of("portal.editor", "portal", Roles.Editor);
    public static readonly EditorialActor[] PortalReviewers = [.. new[] { "portal.reviewer1", "portal.reviewer2", "portal.reviewer3" }.Select(n => EditorialActor.Of(n, "portal", Roles.Reviewer))];
    public static readonly EditorialActor GajEditor = EditorialActor.Of("gaj.editor", "gaj", Roles.Editor);
    public static readonly EditorialActor CdcEditor = EditorialActor.Of("cdc.editor", "cdc", Roles.Editor);
}

/// <summary>Drives 信息报送 the way requests do: one scope (unit of work) per action, in a department.</summary>
public sealed class SubmissionDriver(NmcAppFactory app)
{
    public async Task<T> InAsync<T>(string tenant, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = app.TenantScope(tenant);
        return await action(scope.ServiceProvider);
    }

    /// <summary>A news item of <paramref name="tenant"/> that passed every level of its chain (not published).</summary>
    public async Task<string> ApprovedAsync(string title, string tenant = "town", EditorialActor? editor = null, IEnumerable<EditorialActor>? reviewers = null, string type = "news")
    {
        editor ??= Desk.TownEditor;
        var created = await InAsync(tenant, sp => sp.GetRequiredService<DraftService>().CreateDraftAsync(editor, new DraftInput(type, null, title, "报送测试正文：" + title, null)));
        Assert.True(created.Ok, created.Message);
        var id = created.ItemId!;
        var submitted = await InAsync(tenant, sp => sp.GetRequiredService<ReviewService>().SubmitAsync(editor, id));
        Assert.True(submitted.Ok, submitted.Message);
        foreach (var reviewer in reviewers ?? Desk.TownReviewers)
        {
            var approved = await InAsync(tenant, sp => sp.GetRequiredService<ReviewService>().ApproveAsync(reviewer, id));
            Assert.True(approved.Ok, approved.Message);
        }
        return id;
    }

    public Task<SubmissionResult> SubmitAsync(string itemId, string? to = "portal", EditorialActor? by = null, string tenant = "town", string? hash = null, string? note = null)
        => InAsync(tenant, sp => sp.GetRequiredService<SubmissionService>().SubmitAsync(by ?? Desk.TownEditor, itemId, to, hash, note));

    public Task<SubmissionResult> AdoptAsync(long id, string? account = "portal-site", EditorialActor? by = null, string tenant = "portal")
        => InAsync(tenant, sp => sp.GetRequiredService<SubmissionService>().AdoptAsync(by ?? Desk.PortalEditor, id, account));

    public Task<SubmissionResult> ReturnAsync(long id, string? reason, EditorialActor? by = null, string tenant = "portal")
        => InAsync(tenant, sp => sp.GetRequiredService<SubmissionService>().ReturnAsync(by ?? Desk.PortalEditor, id, reason));

    public Task<SubmissionView?> FindAsync(long id, string tenant = "town") => InAsync(tenant, sp => sp.GetRequiredService<SubmissionQueries>().FindAsync(id));

    public Task<List<SubmissionView>> SentAsync(string tenant = "town") => InAsync(tenant, sp => sp.GetRequiredService<SubmissionQueries>().SentAsync());

    public Task<List<SubmissionView>> InboxAsync(string tenant = "portal") => InAsync(tenant, sp => sp.GetRequiredService<SubmissionQueries>().InboxAsync());

    public Task<AdoptionReport> FiguresAsync(DateOnly from, DateOnly to) => InAsync("portal", sp => sp.GetRequiredService<SubmissionQueries>().AdoptionAsync(from, to));

    public async Task<AdoptionCount> TownTodayAsync()
    {
        var today = await InAsync("portal", sp => Task.FromResult(sp.GetRequiredService<SubmissionQueries>().MatrixClock.Today));
        return (await FiguresAsync(today, today)).Rows.Single(r => r.TenantId == "town");
    }

    /// <summary>The desk's copy passes its three levels and is published by the desk's editor.</summary>
    public async Task PublishCopyAsync(string copyId)
    {
        foreach (var reviewer in Desk.PortalReviewers)
        {
            var approved = await InAsync("portal", sp => sp.GetRequiredService<ReviewService>().ApproveAsync(reviewer, copyId));
            Assert.True(approved.Ok, approved.Message);
        }
        var published = await InAsync("portal", sp => sp.GetRequiredService<PublicationService>().PublishAsync(Desk.PortalEditor, copyId));
        Assert.True(published.Ok, published.Message);
    }

    public Task<int> SubmissionCountAsync() => InAsync<int>("portal", sp => sp.GetRequiredService<NmcDbContext>().Set<Submission>().AcrossTenants().CountAsync());

    public Task<int> PortalItemCountAsync() => InAsync<int>("portal", sp => sp.GetRequiredService<NmcDbContext>().Set<NewMediaCms.Content.ContentItem>().CountAsync());

    public Task<List<string>> NoticesOfAsync(string userName, string kind)
        => InAsync(null!, async sp => (await sp.GetRequiredService<NotificationInbox>().ListAsync(userName)).Where(n => n.Kind == kind).Select(n => n.Title + "｜" + n.Body).ToList());

    public Task<List<AuditEntry>> AuditAsync(string action, long submissionId)
        => InAsync(null!, sp => sp.GetRequiredService<NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == action && e.SubjectId == submissionId.ToString()).ToListAsync());
}
