namespace NewMediaCms.Web.PublicSite;

// View models handed to Liquid templates. Property names reach templates in snake_case (page.canonical_url).

public sealed record SiteView(string Title, string Footer, string DemoNotice);

public sealed record TenantView(string Id, string Name, string Url, bool IsPortal, string Description, int Level);

public sealed record PageView(string Title, string Description, string CanonicalUrl, string PathBase);

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
    string? ClosureNotice = null);

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
    string? Html);

public sealed record DepartmentView(TenantView Tenant, IReadOnlyList<AccountView> Accounts, int Level);

public sealed record PagerView(int Page, int PageCount, int Total, string? PreviousUrl, string? NextUrl);

/// <summary>One typed field of a published item, as readers see it.</summary>
public sealed record FieldView(string Name, string Value);
