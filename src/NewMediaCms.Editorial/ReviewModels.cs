using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

/// <summary>Where a version stands in review. A version that nobody has touched through review yet counts as Draft.</summary>
public enum ReviewState
{
    Draft,
    InReview,
    Rejected,
    Approved,

    /// <summary>Approved, with a stored "publish at" time that has not come yet.</summary>
    Scheduled,
    Published,

    /// <summary>A newer version replaced this one before it was published.</summary>
    Superseded,
}

/// <summary>One level of a department's review chain: a role, or named users, may approve at it.</summary>
public sealed record ReviewLevel(int Level, string Name, string? Role, IReadOnlyList<string> Users);

/// <summary>A department's stored review chain (1 to 4 levels). Without a row the default 三审 chain applies.</summary>
internal sealed class ReviewChainRecord : ITenantOwned
{
    public string TenantId { get; set; } = "";

    public string LevelsJson { get; set; } = "[]";

    public DateTime UpdatedUtc { get; set; }

    public string UpdatedBy { get; set; } = "";
}

/// <summary>The review record of one content version.</summary>
internal sealed class VersionReview : ITenantOwned
{
    public long VersionId { get; set; }

    public string TenantId { get; set; } = "";

    public string ContentItemId { get; set; } = "";

    public ReviewState State { get; set; }

    /// <summary>Everyone who wrote this version (comma separated): none of them may approve it.</summary>
    public string Contributors { get; set; } = "";

    public string? SubmittedBy { get; set; }

    public DateTime? SubmittedUtc { get; set; }

    /// <summary>The content hash at submission; approvals must match it.</summary>
    public string? SubmittedHash { get; set; }

    public DateTime UpdatedUtc { get; set; }

    /// <summary>Who saved or changed the state last (named in conflict messages).</summary>
    public string UpdatedBy { get; set; } = "";

    public IEnumerable<string> ContributorList => Contributors.Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>An approval: who, when, at which level, and the hash of exactly the content they approved. Voided by any edit.</summary>
internal sealed class ReviewApproval : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public long VersionId { get; set; }

    public string ContentItemId { get; set; } = "";

    public int Level { get; set; }

    public string LevelName { get; set; } = "";

    public string UserName { get; set; } = "";

    public DateTime ApprovedUtc { get; set; }

    public string ContentHash { get; set; } = "";

    public string? Comment { get; set; }

    public bool Voided { get; set; }

    public DateTime? VoidedUtc { get; set; }

    public ApprovalInfo ToInfo() => new(VersionId, Level, LevelName, UserName, ApprovedUtc, ContentHash, Voided, Comment);
}

/// <summary>A rejection (or any reviewer's remark) with its comment, kept with the version.</summary>
internal sealed class ReviewComment : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public long VersionId { get; set; }

    public string ContentItemId { get; set; } = "";

    public string UserName { get; set; } = "";

    public int? Level { get; set; }

    public string Kind { get; set; } = "reject";

    public string Text { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}
