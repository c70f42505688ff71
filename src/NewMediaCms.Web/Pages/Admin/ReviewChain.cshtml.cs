using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>The department's review chain: 1 to 4 levels, each a role or named users. Department admins change it.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ReviewChainModel(ReviewChainService chains) : PageModel
{
    public sealed class LevelInput
    {
        public string Name { get; set; } = "";

        public string? Role { get; set; }

        public string? Users { get; set; }
    }

    [BindProperty]
    public List<LevelInput> Levels { get; set; } = [];

    public string? Flash { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        await FillAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var levels = Levels.Where(l => !string.IsNullOrWhiteSpace(l.Name))
            .Select((l, i) => new ReviewLevel(i + 1, l.Name, l.Role, (l.Users ?? "").Split([',', '，', ' '], StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        var result = await chains.SaveAsync(User.ToEditorialActor(), levels, ct);
        if (result.Ok)
        {
            TempData["Message"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/review-chain");
        }
        Problem = result.Message;
        Response.StatusCode = result.Outcome == EditorialOutcome.Forbidden ? 403 : 400;
        return Page();
    }

    private async Task FillAsync(CancellationToken ct)
    {
        Levels = (await chains.LevelsAsync(ct)).Select(l => new LevelInput { Name = l.Name, Role = l.Role, Users = string.Join(",", l.Users) }).ToList();
        while (Levels.Count < ReviewChainService.MaxLevels)
        {
            Levels.Add(new LevelInput());
        }
    }
}
