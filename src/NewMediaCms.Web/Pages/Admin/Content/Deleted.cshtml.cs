using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>The department's recycle bin (回收站): deleted items, with restore; purge is confirmed on the item page.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class DeletedModel(EditorialQueries queries, RecycleBin recycleBin) : PageModel
{
    public List<DeletedItem> Items { get; private set; } = [];

    public string? Flash { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Items = await queries.DeletedAsync(ct);
    }

    public async Task<IActionResult> OnPostUndeleteAsync(string id, CancellationToken ct)
    {
        var result = await recycleBin.UndeleteAsync(User.ToEditorialActor(), id, ct);
        if (result.Ok)
        {
            TempData["Message"] = $"“{id}”已从回收站恢复。";
            return Redirect($"{Request.PathBase}/admin/content/deleted");
        }
        Problem = result.Message;
        Response.StatusCode = result.Outcome switch
        {
            EditorialOutcome.NotFound => StatusCodes.Status404NotFound,
            EditorialOutcome.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status409Conflict,
        };
        Items = await queries.DeletedAsync(ct);
        return Page();
    }
}
