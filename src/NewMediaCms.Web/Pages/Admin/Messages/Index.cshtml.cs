using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Interaction;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Messages;

/// <summary>留言办理: the department's inbox, oldest open message first, with its reply deadline in working days and overdue marks.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(MessageService messages, ReplyDeadlines deadlines, ITenantContext tenant) : PageModel
{
    public const int PageSize = 50;

    public string TenantName { get; private set; } = "";
    public List<CitizenMessage> Items { get; private set; } = [];
    public Dictionary<string, string> Accounts { get; private set; } = new();
    public Dictionary<MessageStatus, int> Counts { get; private set; } = new();
    public ReplyClock Clock { get; private set; } = null!;
    public MessageStatus? Status { get; private set; }
    public string StatusKey { get; private set; } = "all";
    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public int Total { get; private set; }
    public bool MessagesEnabled { get; private set; }
    public bool CanManage { get; private set; }

    public async Task OnGetAsync(string? status, int? p, CancellationToken ct)
    {
        TenantName = tenant.Current!.DisplayName;
        CanManage = TenantPolicies.CanManage(User, tenant.Current);
        (Status, StatusKey) = status switch
        {
            "open" => (MessageStatus.Open, "open"),
            "answered" => (MessageStatus.Answered, "answered"),
            "notpublic" => (MessageStatus.NotPublic, "notpublic"),
            _ => ((MessageStatus?)null, "all"),
        };
        PageNumber = Math.Max(1, p ?? 1);
        Clock = await deadlines.NowAsync(ct);
        (Items, Total) = await messages.InboxAsync(Status, PageNumber, PageSize, ct);
        PageCount = Math.Max(1, (Total + PageSize - 1) / PageSize);
        Counts = await messages.CountsAsync(ct);
        Accounts = (await messages.AddressableAccountsAsync(ct)).ToDictionary(a => a.Id, a => a.Name);
        MessagesEnabled = (await messages.SwitchAsync(ct)).Enabled;
    }

    public string To(CitizenMessage m) => m.AccountId is null ? "本部门" : Accounts.GetValueOrDefault(m.AccountId, m.AccountId);
}
