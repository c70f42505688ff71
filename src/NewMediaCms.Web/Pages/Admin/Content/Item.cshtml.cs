using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
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
    ContentStore content, ContentTypeRegistry types, global::NewMediaCms.Content.Markdown.MarkdownRenderer markdown, ITenantContext tenant, TimeProvider time,
    ContentActionsService actions, ReviewerViews reviewerViews, AccountDirectory accounts) : PageModel
{
    /// <summary>What the signed-in person may do to this item now, with the reasons for what they may not yet.</summary>
    public ContentActions Actions { get; private set; } = null!;

    /// <summary>Whether the signed-in person reviews in this department's chain (they see what changed since they last read it).</summary>
    public bool IsReviewer { get; private set; }

    /// <summary>What this reviewer last read, when the content changed since (null: nothing new for them).</summary>
    public ReviewerSeen? ChangedSinceSeen { get; private set; }

    public IReadOnlyList<DiffLine> SeenTitleDiff { get; private set; } = [];

    public IReadOnlyList<DiffLine> SeenFieldsDiff { get; private set; } = [];

    public IReadOnlyList<DiffLine> SeenBodyDiff { get; private set; } = [];

    /// <summary>Every field of the type with its value (and the stored fields the type no longer declares), for the reviewer.</summary>
    public List<(string Name, string Label, FieldKind Kind, string Value, string? Extra)> FieldRows { get; private set; } = [];

    public string AccountName { get; private set; } = "";

    public List<(string Id, string Name)> MoveTargets { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public ItemHistory History { get; private set; } = null!;

    public ContentVersion Latest { get; private set; } = null!;

    public VersionInfo LatestInfo { get; private set; } = null!;

    public ContentTypeDefinition? Definition { get; private set; }

    public string LatestHtml { get; private set; } = "";
    public string? LatestRenderError { get; private set; }

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

    public Task<IActionResult> OnPostMoveAsync(string? accountId, CancellationToken ct) => Act(drafts.MoveAsync(Actor, Id, accountId, ct), ct);

    /// <summary>The reviewer has read the changes: the next change is compared with the content as it is now.</summary>
    public async Task<IActionResult> OnPostSeenAsync(CancellationToken ct)
    {
        await reviewerViews.MarkSeenAsync(Actor, Id, ct);
        TempData["Message"] = "已标记为已阅，之后的修改将与当前内容比较。";
        return Redirect($"{Request.PathBase}/admin/content/{Id}");
    }

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
        // A body saved before the Markdown limits may not render: the page says so instead of failing.
        var rendering = markdown.TryRender(Latest.Markdown, ct);
        LatestHtml = rendering.Result?.Html ?? "";
        LatestRenderError = rendering.Error;
        Missing = Definition is null ? [] : ContentValidator.Validate(Definition, Latest.Title, ContentFields.Parse(Latest.FieldsJson)).Warnings;
        ValidApprovals = history.LatestChain.Valid;
        Actions = actions.For(Actor, history);
        await LoadReviewerViewAsync(history, ct);
        FieldRows = Definition is null ? [] : FieldRowsOf(Definition, ContentFields.Parse(Latest.FieldsJson));
        var allAccounts = await accounts.ListAsync(ct);
        AccountName = history.Item.AccountId is { } accountId
            ? allAccounts.FirstOrDefault(a => a.Id == accountId) is { } acc ? $"{acc.Name}（{PlatformNames.Chinese(acc.Platform)}）" : accountId
            : "（不指定）";
        MoveTargets = allAccounts.Where(a => a.State == AccountState.Active && a.Id != history.Item.AccountId)
            .Select(a => (a.Id, $"{a.Name}（{PlatformNames.Chinese(a.Platform)}）")).ToList();

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

    /// <summary>
    /// A reviewer of the chain who did not write the version: the first time they open it, what they read is recorded;
    /// when it changed since they last read, approved or rejected it, the page shows them the difference.
    /// </summary>
    private async Task LoadReviewerViewAsync(ItemHistory history, CancellationToken ct)
    {
        var chain = history.LatestChain;
        IsReviewer = !history.Item.Deleted && history.Levels.Any(l => ReviewChain.IsNamedAt(Actor, l)) && !chain.IsContributor(Actor)
                     && TenantPolicies.CanRead(User, tenant.Current) && (Actor.TenantId == tenant.TenantId || Actor.IsMatrixAdmin);
        if (!IsReviewer)
        {
            return;
        }
        var seen = await reviewerViews.LastSeenAsync(Actor.UserName, Id, ct);
        if (seen is null)
        {
            if (LatestInfo.State is ReviewState.InReview or ReviewState.Approved or ReviewState.Scheduled)
            {
                await reviewerViews.MarkSeenAsync(Actor, Id, ct);
            }
            return;
        }
        if (seen.ContentHash == Latest.ContentHash)
        {
            return;
        }
        ChangedSinceSeen = seen;
        SeenTitleDiff = TextDiff.Lines(seen.Title, Latest.Title);
        SeenFieldsDiff = TextDiff.Lines(FieldLines(seen.FieldsJson), FieldLines(Latest.FieldsJson));
        SeenBodyDiff = TextDiff.Lines(seen.Markdown, Latest.Markdown);
    }

    /// <summary>Fields as "名称：值" lines, in the type's order (the reviewer's diff).</summary>
    private string FieldLines(string json)
    {
        var values = ContentFields.Parse(json);
        var rows = Definition is null ? [] : FieldRowsOf(Definition, values);
        return string.Join('\n', rows.Where(r => r.Value.Length > 0 || r.Extra is { Length: > 0 })
            .Select(r => $"{r.Label}：{r.Value.Replace('\n', ' ')}" + (r.Extra is { Length: > 0 } extra ? $"（{extra}）" : "")));
    }

    private static List<(string Name, string Label, FieldKind Kind, string Value, string? Extra)> FieldRowsOf(ContentTypeDefinition definition, Dictionary<string, string> values)
    {
        var rows = definition.Fields
            .Select(f => (f.Name, f.DisplayName, f.Kind, values.GetValueOrDefault(f.Name, ""), f.Kind == FieldKind.Attachment ? values.GetValueOrDefault(f.Name + ".name") : null))
            .ToList();
        // Values stored under names the type does not declare (an older declaration, an import): shown, never hidden from the reviewer.
        var known = definition.Fields.SelectMany(f => new[] { f.Name, f.Name + ".name" }).ToHashSet(StringComparer.Ordinal);
        rows.AddRange(values.Where(v => !known.Contains(v.Key)).OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => (v.Key, v.Key, FieldKind.Text, v.Value, (string?)null)));
        return rows;
    }
}
