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
        _ => state.ToString(),
    };

    public static string Chinese(AccountKind kind) => kind == AccountKind.Publishing ? "信息发布类" : "办事服务类";
}
