using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>The editor: a new item (/admin/content/edit?type=notice) or the latest version of one (/admin/content/edit/{id}).</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class EditModel(ContentStore content, AccountDirectory accounts, ContentTypeRegistry types, DraftService drafts, MarkdownRenderer markdown, ITenantContext tenant, TimeProvider time,
    ContentActionsService actions) : PageModel
{
    /// <summary>Why the signed-in person may not save here (shown instead of 保存草稿), or null.</summary>
    public string? CannotSave => actions.EditRefusal(User.ToEditorialActor());

    [BindProperty(SupportsGet = true)]
    public string? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Type { get; set; }

    [BindProperty]
    public string Title { get; set; } = "";

    [BindProperty]
    public string Markdown { get; set; } = "";

    [BindProperty]
    public string? AccountId { get; set; }

    [BindProperty]
    public Dictionary<string, string> Fields { get; set; } = new();

    /// <summary>As typed (datetime-local, department time): parsed on save, so an unreadable value is an error next to the field, not dropped.</summary>
    [BindProperty]
    public string? PublishAtLocal { get; set; }

    [BindProperty]
    public string? UnpublishAtLocal { get; set; }

    [BindProperty]
    public long VersionId { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    public ContentTypeDefinition? Definition { get; private set; }

    public List<(string Id, string Name)> Accounts { get; private set; } = [];

    public Dictionary<string, string> Errors { get; private set; } = new();

    public List<string> Warnings { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public string? PreviewHtml { get; private set; }

    public int Number { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Id is not null)
        {
            var latest = await content.ReadLatestAsync(Id, ct);
            if (latest is null)
            {
                return NotFound();
            }
            Type = latest.Item!.ContentType;
            Title = latest.Title;
            Markdown = latest.Markdown;
            AccountId = latest.Item.AccountId;
            Fields = ContentFields.Parse(latest.FieldsJson);
            ShowReferencesByLabel = true;
            PublishAtLocal = Clock.Input(latest.PublishAtUtc);
            UnpublishAtLocal = Clock.Input(latest.UnpublishAtUtc);
            VersionId = latest.Id;
            Revision = latest.Revision;
            Number = latest.Number;
            if (latest.Published)
            {
                Message = "这是已发布的版本。保存修改会生成新的草稿版本，需重新审核后才会替换已发布的内容。";
            }
        }
        return await PrepareAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct))
        {
            return NotFound();
        }
        var actor = User.ToEditorialActor();
        var publishAt = LocalTime(nameof(PublishAtLocal), "计划发布时间", PublishAtLocal);
        var unpublishAt = LocalTime(nameof(UnpublishAtLocal), "到期下线时间", UnpublishAtLocal);
        if (Errors.Count > 0)
        {
            Problem = "时间无法识别，未保存，请修改标出的项目。";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        var result = Id is null
            ? await drafts.CreateDraftAsync(actor, new DraftInput(Type, AccountId, Title, Markdown, Fields, publishAt, unpublishAt), ct)
            : await drafts.SaveDraftAsync(actor, Id, new DraftInput(null, AccountId, Title, Markdown, Fields, publishAt, unpublishAt), VersionId, Revision, ct);
        if (result.Ok)
        {
            TempData["Message"] = result.Message + (result.Validation is { Warnings.Count: > 0 } v ? " 提示：" + string.Join(" ", v.Warnings) : "");
            return Redirect($"{Request.PathBase}/admin/content/{result.ItemId}");
        }
        Errors = result.Validation?.Errors ?? new();
        Warnings = result.Validation?.Warnings ?? [];
        Problem = result.Message;
        Response.StatusCode = result.Outcome switch
        {
            EditorialOutcome.Conflict => StatusCodes.Status409Conflict,
            EditorialOutcome.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status400BadRequest,
        };
        return Page();
    }

    /// <summary>Preview without JavaScript: the same pipeline as publishing.</summary>
    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        if (!await PrepareAsync(ct))
        {
            return NotFound();
        }
        var rendering = markdown.TryRender(Markdown, ct);
        PreviewHtml = rendering.Result?.Html;
        if (rendering.Error is { } error)
        {
            // What the editor typed stays in the form; the sentence says what to change.
            Errors["markdown"] = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        return Page();
    }

    private async Task<bool> PrepareAsync(CancellationToken ct)
    {
        if (Id is not null && Type is null)
        {
            Type = await content.ContentTypeOfAsync(Id, ct);
        }
        Definition = Type is null ? null : await types.FindAsync(Type, ct);
        // Closed, cancelled and merged accounts take no new content; an item already on one shows it (the save then asks for another).
        // Every item has an account: a new one starts on the department's site channel.
        AccountId ??= Id is null ? await accounts.DefaultAccountIdAsync(ct) : null;
        Accounts = (await accounts.ListAsync(ct)).Where(a => a.AcceptsContent || a.Id == AccountId).OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => (a.Id, a.AcceptsContent ? a.Label : $"{a.Label}（{PlatformNames.Chinese(a.State)}，不能再发布）")).ToList();
        if (Definition is not null)
        {
            await PrepareReferencesAsync(Definition, ct);
        }
        return Definition is not null;
    }

    private TenantClock Clock => tenant.Clock(time);

    private static readonly string[] LocalFormats = ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>A time typed in the department's zone, in UTC; blank is none; unreadable is an error on the field (the text stays as typed).</summary>
    private DateTime? LocalTime(string field, string label, string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }
        if (DateTime.TryParseExact(typed.Trim(), LocalFormats, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            return Clock.ToUtc(local);
        }
        Errors[field] = $"{label}“{typed}”无法识别，请按“年-月-日 时:分”填写，例如 2026-12-01 09:30。";
        return null;
    }

    /// <summary>What a reference field offers (by 文号 or title), per field name.</summary>
    public Dictionary<string, List<ReferenceCandidate>> References { get; } = new();

    private bool ShowReferencesByLabel { get; set; }

    /// <summary>A reference is typed and shown by 文号 or title; the stored id is shown as its label.</summary>
    private async Task PrepareReferencesAsync(ContentTypeDefinition definition, CancellationToken ct)
    {
        foreach (var field in definition.Fields.Where(f => f.Kind == FieldKind.Reference))
        {
            var candidates = (await content.ReferenceCandidatesAsync(field.ReferenceType, ct)).Where(c => c.Id != Id).ToList();
            References[field.Name] = candidates;
            if (ShowReferencesByLabel && Fields.TryGetValue(field.Name, out var stored) && candidates.FirstOrDefault(c => c.Id == stored) is { } current)
            {
                Fields[field.Name] = current.Label;
            }
        }
    }

    public string Value(string name) => Fields.TryGetValue(name, out var v) ? v : "";
}
