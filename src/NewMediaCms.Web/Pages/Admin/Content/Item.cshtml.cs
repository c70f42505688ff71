using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>One item: its latest version, where it stands in review, the actions the user may take, and its version history.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ItemModel(EditorialQueries queries, EditorialService editorial, ContentTypeRegistry types, NmcDbContext db, global::NewMediaCms.Content.Markdown.MarkdownRenderer markdown, ITenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public ItemHistory History { get; private set; } = null!;

    public ContentVersion Latest { get; private set; } = null!;

    public VersionInfo LatestInfo { get; private set; } = null!;

    public ContentTypeDefinition? Definition { get; private set; }

    public string LatestHtml { get; private set; } = "";

    public List<ReviewApproval> ValidApprovals { get; private set; } = [];

    public List<(string Id, string Title)> Related { get; private set; } = [];

    /// <summary>What the latest version still lacks (the service guide's required elements, WEB-D01): reported, not blocking.</summary>
    public List<string> Missing { get; private set; } = [];

    public string? Flash { get; private set; }

    public string? Problem { get; private set; }

    public EditorialActor Actor => User.ToEditorialActor();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => Act(editorial.SubmitAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostApproveAsync(string? hash, string? comment, CancellationToken ct) => Act(editorial.ApproveAsync(Actor, Id, hash, comment, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(string? comment, CancellationToken ct) => Act(editorial.RejectAsync(Actor, Id, comment, ct), ct);

    public Task<IActionResult> OnPostPublishAsync(DateTime? publishAtLocal, CancellationToken ct)
        => Act(editorial.PublishAsync(Actor, Id, AdminTime.ToUtc(publishAtLocal, tenant.Current), ct), ct);

    public Task<IActionResult> OnPostScheduleAsync(DateTime? publishAtLocal, DateTime? unpublishAtLocal, bool cancel, CancellationToken ct)
        => Act(cancel
            ? editorial.SetScheduleAsync(Actor, Id, null, null, ct)
            : editorial.SetScheduleAsync(Actor, Id, AdminTime.ToUtc(publishAtLocal, tenant.Current), AdminTime.ToUtc(unpublishAtLocal, tenant.Current), ct), ct);

    public Task<IActionResult> OnPostUnpublishAsync(CancellationToken ct) => Act(editorial.UnpublishAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) => Act(editorial.DeleteAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostUndeleteAsync(CancellationToken ct) => Act(editorial.UndeleteAsync(Actor, Id, ct), ct);

    public async Task<IActionResult> OnPostPurgeAsync(string? reason, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            // Purging cannot be undone: the page asks for an explicit confirmation besides the reason.
            return await Act(Task.FromResult(EditorialResult.Fail(EditorialOutcome.Invalid, "彻底清除不可恢复：请勾选“我确认彻底清除该内容及其全部版本”后再提交。")), ct);
        }
        var result = await editorial.PurgeAsync(Actor, Id, reason, ct);
        if (result.Ok)
        {
            TempData["Message"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/content/deleted");
        }
        return await Act(Task.FromResult(result), ct);
    }

    public Task<IActionResult> OnPostRestoreAsync(long versionId, CancellationToken ct) => Act(editorial.RestoreAsync(Actor, Id, versionId, ct), ct);

    private async Task<IActionResult> Act(Task<EditorialResult> action, CancellationToken ct)
    {
        var result = await action;
        if (result.Ok)
        {
            TempData["Message"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/content/{Id}");
        }
        // Nothing changed: show the page as it is, with the reason.
        Problem = result.Message + (result.Validation is { Errors.Count: > 0 } v ? " " + string.Join(" ", v.Errors.Values) : "");
        Response.StatusCode = result.Outcome switch
        {
            EditorialOutcome.NotFound => StatusCodes.Status404NotFound,
            EditorialOutcome.Forbidden => StatusCodes.Status403Forbidden,
            EditorialOutcome.ValidationFailed => StatusCodes.Status400BadRequest,
            _ => StatusCodes.Status409Conflict,
        };
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        var history = await queries.HistoryAsync(Id, ct);
        if (history is null)
        {
            return false;
        }
        History = history;
        Latest = history.Item.Versions.Single(v => v.Latest);
        LatestInfo = history.Versions.Single(v => v.Latest);
        Definition = await types.FindAsync(history.Item.ContentType, ct);
        LatestHtml = markdown.Render(Latest.Markdown).Html;
        Missing = Definition is null ? [] : ContentValidator.Validate(Definition, Latest.Title, ContentFields.Parse(Latest.FieldsJson)).Warnings;
        ValidApprovals = history.Approvals.Where(a => a.VersionId == Latest.Id && !a.Voided && a.ContentHash == Latest.ContentHash).OrderBy(a => a.Level).ToList();

        // 政策文件 <-> 政策解读, shown both ways.
        var fields = ContentFields.Parse(Latest.FieldsJson);
        if (fields.TryGetValue("policy", out var policyId) && policyId.Length > 0)
        {
            Related = await TitlesAsync(db.Set<ContentItem>().Where(i => i.Id == policyId), ct);
        }
        else if (history.Item.ContentType == BuiltInContentTypes.Policy)
        {
            var pattern = $"\"policy\":\"{Id}\"";
            Related = await TitlesAsync(db.Set<ContentItem>().Where(i => i.Versions.Any(v => v.Latest && v.FieldsJson.Contains(pattern))), ct);
        }
        return true;
    }

    private static async Task<List<(string, string)>> TitlesAsync(IQueryable<ContentItem> items, CancellationToken ct)
        => (await items.Select(i => new { i.Id, Title = i.Versions.Where(v => v.Latest).Select(v => v.Title).FirstOrDefault() }).ToListAsync(ct))
            .Select(i => (i.Id, i.Title ?? i.Id)).ToList();

    public string Field(string name) => ContentFields.Parse(Latest.FieldsJson).GetValueOrDefault(name, "");
}
