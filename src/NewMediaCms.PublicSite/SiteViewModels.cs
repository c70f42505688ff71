namespace NewMediaCms.PublicSite;

// View models handed to Liquid templates. Property names reach templates in snake_case (page.canonical_url).

public sealed record SiteView(string Title, string Footer, string DemoNotice);

public sealed record TenantView(string Id, string Name, string Url, bool IsPortal, string Description, int Level);

public sealed record PageView(string Title, string Description, string CanonicalUrl, string PathBase)
{
    /// <summary>Open Graph type: "website" for lists and homes, "article" for a notice.</summary>
    public string OgType { get; init; } = "website";

    /// <summary>This page's feeds (discovery links in the head and a visible link on the page).</summary>
    public string? RssUrl { get; init; }

    public string? AtomUrl { get; init; }

    public string? FeedTitle { get; init; }

    /// <summary>The request path and query, for the elder-mode switch to come back to.</summary>
    public string ReturnUrl { get; init; } = "/";

    /// <summary>The current query text ("q"), already a plain string; Liquid encodes it on output.</summary>
    public string Query { get; init; } = "";
}

public sealed record AccountView(
    string Id,
    string Name,
    string Url,
    string Platform,
    string PlatformName,
    string Kind,
    string State,
    string StateName,
    string OperatingUnit,
    string? LastPost,
    int? DaysSinceLastPost,
    string Liveness,
    string LivenessName,
    string Description,
    string? ClosureNotice = null,
    string ClosureTitle = "关停公告",
    string? ChangeNotice = null,
    string? ChangeNoticeOn = null);

public sealed record NoticeView(
    string Id,
    string Title,
    string Url,
    string Summary,
    string Date,
    string DateTime,
    string TypeName,
    string DepartmentName,
    string DepartmentUrl,
    string? AccountName,
    string? AccountUrl,
    string? Html)
{
    public string ContentType { get; init; } = "";

    /// <summary>文号, 发文机关 / 发布机构, 成文日期 from the item's fields (keys docNumber, issuer, writtenDate), when present.</summary>
    public string? DocNumber { get; init; }

    public string? Issuer { get; init; }

    public string? WrittenDate { get; init; }

    public IReadOnlyList<AttachmentView> Attachments { get; init; } = [];

    /// <summary>The cover image (field "cover", 封面图片), a site path or http(s) URL; null when none.</summary>
    public string? Cover { get; init; }

    /// <summary>Linked policy documents and interpretations (both directions).</summary>
    public IReadOnlyList<RelatedView> Related { get; init; } = [];
}

public sealed record AttachmentView(string Name, string Url);

public sealed record RelatedView(string Title, string Url, string TypeName);

public sealed record CategoryView(string Type, string Name, string Url, IReadOnlyList<NoticeView> Notices);

public sealed record DepartmentView(TenantView Tenant, IReadOnlyList<AccountView> Accounts, int Level);

public sealed record PagerView(int Page, int PageCount, int Total, string? PreviousUrl, string? NextUrl);

/// <summary>One typed field of a published item, as readers see it.</summary>
public sealed record FieldView(string Name, string Value);
