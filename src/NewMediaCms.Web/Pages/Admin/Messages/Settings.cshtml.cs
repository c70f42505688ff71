using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Interaction;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Messages;

/// <summary>留言功能 on/off for the department and per account (department admin). Off is what NM-V07 vetoes.</summary>
[Authorize(Policy = TenantPolicies.ManageDepartment)]
public sealed class SettingsModel(MessageService messages, ITenantContext tenant) : PageModel
{
    public string TenantName { get; private set; } = "";
    public List<AccountRecord> Accounts { get; private set; } = [];
    public string? Done { get; private set; }

    [BindProperty]
    public bool Enabled { get; set; }

    /// <summary>Accounts on which messages stay open.</summary>
    [BindProperty]
    public List<string> OpenAccounts { get; set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var box = await messages.SwitchAsync(ct);
        Enabled = box.Enabled;
        OpenAccounts = Accounts.Where(a => !box.ClosedAccountIds.Contains(a.Id)).Select(a => a.Id).ToList();
        Done = Request.Query.ContainsKey("saved") ? "留言设置已保存。" : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        var closed = Accounts.Select(a => a.Id).Where(id => !OpenAccounts.Contains(id)).ToList();
        await messages.SaveSwitchAsync(new MessageSwitch(Enabled, closed), ct);
        return Redirect($"{Request.PathBase}/admin/messages/settings?saved=1");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        TenantName = tenant.Current!.DisplayName;
        Accounts = await messages.AddressableAccountsAsync(ct);
    }
}
