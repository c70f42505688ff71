using NewMediaCms.Core.Data;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>Where a submission (信息报送) stands.</summary>
public enum SubmissionState
{
    /// <summary>待处理: waiting for the receiving desk to adopt or return it.</summary>
    Open,

    /// <summary>采用审核中: adopted; the desk's copy is in its own review chain and not published yet.</summary>
    Adopting,

    /// <summary>已采用: the desk published its copy (counted as 采用).</summary>
    Adopted,

    /// <summary>已退回: the desk returned it with a reason.</summary>
    Returned,
}

public static class SubmissionStates
{
    public static string Chinese(SubmissionState state) => state switch
    {
        SubmissionState.Open => "待处理",
        SubmissionState.Adopting => "已采用，审核发布中",
        SubmissionState.Adopted => "已采用",
        SubmissionState.Returned => "已退回",
        _ => state.ToString(),
    };

    /// <summary>Still open: the same version may not be submitted to the same desk again.</summary>
    public static bool IsOpen(SubmissionState state) => state is SubmissionState.Open or SubmissionState.Adopting;
}

/// <summary>
/// One item a department submitted upward (信息报送), with the approved version's content as it was submitted (the
/// desk adopts exactly what the submitter's chain approved). The row belongs to the receiving desk (its
/// <see cref="TenantId"/>): the desk's adoption, return and the publication of its copy are writes in its own
/// department; only the submission itself crosses the boundary (in a matrix scope).
/// </summary>
internal sealed class Submission : ITenantOwned
{
    public long Id { get; set; }

    /// <summary>The receiving desk: the submitter's superior (parent department) or the main account's department.</summary>
    public string TenantId { get; set; } = "";

    /// <summary>A recipe's stable id (demo data); null for submissions made by people.</summary>
    public string? Key { get; set; }

    public string SourceTenantId { get; set; } = "";

    public string SourceItemId { get; set; } = "";

    public long SourceVersionId { get; set; }

    public int SourceVersionNumber { get; set; }

    public string ContentType { get; set; } = "";

    public string Title { get; set; } = "";

    public string Markdown { get; set; } = "";

    public string FieldsJson { get; set; } = "{}";

    /// <summary>The content hash the submitter's chain approved.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>The submitter's remark to the desk (optional).</summary>
    public string? Note { get; set; }

    public string SubmittedBy { get; set; } = "";

    public DateTime SubmittedUtc { get; set; }

    public SubmissionState State { get; set; }

    /// <summary>Who adopted or returned it, and when.</summary>
    public string? DecidedBy { get; set; }

    public DateTime? DecidedUtc { get; set; }

    public string? ReturnReason { get; set; }

    /// <summary>The desk's copy (an item of the desk's department) and the account it goes out on.</summary>
    public string? AdoptedItemId { get; set; }

    public string? AdoptedAccountId { get; set; }

    /// <summary>When the desk's copy was first published: the instant it counts as 采用.</summary>
    public DateTime? AdoptedUtc { get; set; }
}
