using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Content;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>One item: its latest version, where it stands in review, the actions the user may take, and its version history.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ItemModel(EditorialQueries queries, DraftService drafts, ReviewService review, PublicationService publication, RecycleBin recycleBin,
    ContentStore content, ContentTypeRegistry types, global::NewMediaCms.Content.Markdown.MarkdownRenderer markdown, ITenantContext tenant, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public ItemHistory History { get; private set; } = null!;

    public ContentVersion Latest { get; private set; } = null!;

    public VersionInfo LatestInfo { get; private set; } = null!;

    public ContentTypeDefinition? Definition { get; private set; }

    public string LatestHtml { get; private set; } = "";

    public IReadOnlyList<ApprovalInfo> ValidApprovals { get; private set; } = [];

    public List<(string Id, string Title)> Related { get; private set; } = [];

    /// <summary>What the latest version still lacks (the service guide's required elements, WEB-D01): reported, not blocking.</summary>
    public List<string> Missing { get; private set; } = [];

    public string? Flash { get; private set; }

    public string? Problem { get; private set; }

    public EditorialActor Actor => User.ToEditorialActor();

    private TenantClock Clock => tenant.Clock(time);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostSubmitAsync(CancellationToken ct) => Act(review.SubmitAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostApproveAsync(string? hash, string? comment, CancellationToken ct) => Act(review.ApproveAsync(Actor, Id, hash, comment, ct), ct);

    public Task<IActionResult> OnPostRejectAsync(string? comment, CancellationToken ct) => Act(review.RejectAsync(Actor, Id, comment, ct), ct);

    public Task<IActionResult> OnPostPublishAsync(DateTime? publishAtLocal, CancellationToken ct)
        => Act(publication.PublishAsync(Actor, Id, Clock.ToUtc(publishAtLocal), ct), ct);

    public Task<IActionResult> OnPostScheduleAsync(DateTime? publishAtLocal, DateTime? unpublishAtLocal, bool cancel, CancellationToken ct)
        => Act(cancel
            ? publication.SetScheduleAsync(Actor, Id, null, null, ct)
            : publication.SetScheduleAsync(Actor, Id, Clock.ToUtc(publishAtLocal), Clock.ToUtc(unpublishAtLocal), ct), ct);

    public Task<IActionResult> OnPostUnpublishAsync(CancellationToken ct) => Act(publication.UnpublishAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostDeleteAsync(CancellationToken ct) => Act(recycleBin.DeleteAsync(Actor, Id, ct), ct);

    public Task<IActionResult> OnPostUndeleteAsync(CancellationToken ct) => Act(recycleBin.UndeleteAsync(Actor, Id, ct), ct);

    public async Task<IActionResult> OnPostPurgeAsync(string? reason, bool confirm, CancellationToken ct)
    {
        if (!confirm)
        {
            // Purging cannot be undone: the page asks for an explicit confirmation besides the reason.
            return await Act(Task.FromResult(EditorialResult.Fail(EditorialOutcome.Invalid, "彻底清除不可恢复：请勾选“我确认彻底清除该内容及其全部版本”后再提交。")), ct);
        }
        var result = await recycleBin.PurgeAsync(Actor, Id, reason, ct);
        if (result.Ok)
        {
            TempData["Message"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/content/deleted");
        }
        return await Act(Task.FromResult(result), ct);
    }

    public Task<IActionResult> OnPostRestoreAsync(long versionId, CancellationToken ct) => Act(drafts.RestoreAsync(Actor, Id, versionId, ct), ct);

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
        ValidApprovals = history.LatestChain.Valid;

        // 政策文件 <-> 政策解读, shown both ways.
        var fields = ContentFields.Parse(Latest.FieldsJson);
        if (fields.TryGetValue("policy", out var policyId) && policyId.Length > 0)
        {
            Related = await content.TitlesAsync(policyId, null, ct);
        }
        else if (history.Item.ContentType == BuiltInContentTypes.Policy)
        {
            var pattern = $"\"policy\":\"{Id}\"";
            Related = await content.TitlesAsync(null, pattern, ct);
        }
        return true;
    }

    public string Field(string name) => ContentFields.Parse(Latest.FieldsJson).GetValueOrDefault(name, "");
}
