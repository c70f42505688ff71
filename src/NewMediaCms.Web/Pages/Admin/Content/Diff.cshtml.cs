using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Content;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>A readable comparison of two versions of one item: title, fields and body, line by line with word marks.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class DiffModel(ContentStore content) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public long From { get; set; }

    [BindProperty(SupportsGet = true)]
    public long To { get; set; }

    public ContentVersion Old { get; private set; } = null!;

    public ContentVersion New { get; private set; } = null!;

    public IReadOnlyList<DiffLine> Title { get; private set; } = [];

    public IReadOnlyList<DiffLine> Fields { get; private set; } = [];

    public IReadOnlyList<DiffLine> Body { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var versions = await content.ReadVersionsAsync(Id, [From, To], ct);
        var old = versions.FirstOrDefault(v => v.Id == From);
        var @new = versions.FirstOrDefault(v => v.Id == To);
        if (old is null || @new is null)
        {
            return NotFound();
        }
        (Old, New) = old.Number <= @new.Number ? (old, @new) : (@new, old);
        Title = TextDiff.Lines(Old.Title, New.Title);
        Fields = TextDiff.Lines(FieldLines(Old.FieldsJson), FieldLines(New.FieldsJson));
        Body = TextDiff.Lines(Old.Markdown, New.Markdown);
        return Page();
    }

    private static string FieldLines(string json)
        => string.Join('\n', global::NewMediaCms.Content.Types.ContentFields.Parse(json).OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value.Replace('\n', ' ')}"));
}
