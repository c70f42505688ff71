using NewMediaCms.Core.Data;

namespace NewMediaCms.Accounts;

/// <summary>The channel an account publishes on.</summary>
public enum Platform
{
    SiteChannel,
    WeChat,
    Weibo,
    Douyin,
    App,
    MiniProgram,
}

/// <summary>Publishing accounts are held to the 14-day rule; service accounts (apps, mini-programs that only serve) are exempt.</summary>
public enum AccountKind
{
    Publishing,
    Service,
}

public enum AccountState
{
    Active,
    Suspended,
    Closed,
    MergedInto,

    /// <summary>注销: the account no longer exists on its platform; its public page stays with a notice.</summary>
    Cancelled,
}

/// <summary>A publishing account (账号) of a department.</summary>
public sealed class Account : ITenantOwned
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    public Platform Platform { get; set; }

    public AccountKind Kind { get; set; } = AccountKind.Publishing;

    public string Name { get; set; } = "";

    /// <summary>主办单位: the unit that runs the account (谁开设谁主办).</summary>
    public string OperatingUnit { get; set; } = "";

    /// <summary>主管单位: the supervising office.</summary>
    public string SupervisingUnit { get; set; } = "";

    public string Description { get; set; } = "";

    /// <summary>The government's main account, which leads the matrix.</summary>
    public bool IsMain { get; set; }

    public AccountState State { get; set; } = AccountState.Active;

    public string? MergedIntoAccountId { get; set; }

    /// <summary>关停公告: shown on the public account page once the account is closed.</summary>
    public string? ClosureNotice { get; set; }

    /// <summary>变更公告: the public notice of a change of the operating unit (国办发〔2018〕123号), shown on the public account page.</summary>
    public string? ChangeNotice { get; set; }

    public DateOnly? ChangeNoticeOn { get; set; }

    /// <summary>The account's id on its platform (公众号原始 ID, 微博 UID, ...).</summary>
    public string PlatformAccountId { get; set; } = "";

    /// <summary>The account's public address on its platform.</summary>
    public string Url { get; set; } = "";

    // 备案 (filing)
    public string FilingNumber { get; set; } = "";

    public string ResponsiblePerson { get; set; } = "";

    public string Contact { get; set; } = "";

    public DateOnly? OpenedOn { get; set; }

    public DateOnly? FiledOn { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

public static class PlatformNames
{
    public static string Chinese(Platform platform) => platform switch
    {
        Platform.SiteChannel => "网站栏目",
        Platform.WeChat => "微信公众号",
        Platform.Weibo => "微博",
        Platform.Douyin => "抖音",
        Platform.App => "移动客户端",
        Platform.MiniProgram => "小程序",
        _ => platform.ToString(),
    };

    public static string Chinese(AccountState state) => state switch
    {
        AccountState.Active => "正常",
        AccountState.Suspended => "暂停",
        AccountState.Closed => "已关停",
        AccountState.MergedInto => "已合并",
        AccountState.Cancelled => "已注销",
        _ => state.ToString(),
    };

    public static string Chinese(AccountKind kind) => kind == AccountKind.Publishing ? "信息发布类" : "办事服务类";

    /// <summary>"青禾公安（微信公众号）": how every list and choice names an account, so two accounts of one name are told apart.</summary>
    public static string Label(string name, Platform platform) => $"{name}（{Chinese(platform)}）";

    /// <summary>Whether an account in this state may receive new content: closed, cancelled and merged accounts may not.</summary>
    public static bool AcceptsContent(AccountState state) => state is AccountState.Active or AccountState.Suspended;

}
