using System.Text.Json.Serialization;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Calendars;

namespace NewMediaCms.Inspection.Rules;

[JsonConverter(typeof(JsonStringEnumConverter<Severity>))]
public enum Severity
{
    /// <summary>单项否决: the account fails whatever its score.</summary>
    Veto,

    /// <summary>扣分: points off 100, capped per indicator.</summary>
    Deduction,

    /// <summary>预警: shown, no points off.</summary>
    Warning,
}

/// <summary>The settings of one rule. Threshold means what the rule says it means (days, count...); options are rule-specific.</summary>
public sealed class RuleSettings
{
    public bool Enabled { get; set; } = true;

    public Severity Severity { get; set; }

    public double Threshold { get; set; }

    /// <summary>Points off per finding (deductions only).</summary>
    public double Points { get; set; }

    /// <summary>The most points this indicator can take off one account.</summary>
    public double Cap { get; set; }

    public Dictionary<string, string> Options { get; set; } = new();

    public string Option(string key, string fallback) => Options.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : fallback;

    public IReadOnlyList<string> OptionList(string key, string fallback)
        => Option(key, fallback).Split([',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public RuleSettings Clone() => new() { Enabled = Enabled, Severity = Severity, Threshold = Threshold, Points = Points, Cap = Cap, Options = new(Options) };
}

/// <summary>One piece of evidence: what was looked at (a post, a date, a threshold, an excerpt), with the item it stands on
/// and the address where it was seen (<paramref name="Url"/>: a public page, a broken link).</summary>
public sealed record Evidence(string Label, string Value, string? ContentItemId = null, DateTime? AtUtc = null, string? Url = null);

/// <summary>A broken rule for one account (department-level rules are attached to the department's site account).</summary>
public sealed record Finding(
    string RuleId,
    Severity Severity,
    string TenantId,
    string? AccountId,
    double Points,
    string Message,
    string Threshold,
    IReadOnlyList<Evidence> Evidence,
    string? Task = null);

public sealed record DepartmentFacts(string Id, string Name, string? ParentId, bool Running);

/// <summary>An account with its posting aggregates, computed in SQL (no posts are loaded).</summary>
public sealed class AccountFacts
{
    public string Id { get; init; } = "";
    public string TenantId { get; init; } = "";
    public string Name { get; init; } = "";
    public Platform Platform { get; init; }
    public AccountKind Kind { get; init; }
    public AccountState State { get; init; }
    public string OperatingUnit { get; init; } = "";
    public string FilingNumber { get; init; } = "";
    public DateOnly? OpenedOn { get; init; }
    public DateOnly? FiledOn { get; init; }
    public DateTime CreatedUtc { get; init; }
    public bool IsMain { get; init; }
    public string? MergedIntoAccountId { get; init; }
    public DateTime? LastPostUtc { get; set; }
    public string? LastPostId { get; set; }
    public string? LastPostTitle { get; set; }
    public int Posts14 { get; set; }
    public int Posts30 { get; set; }
    public int Posts90 { get; set; }
    public int TotalPosts { get; set; }
    /// <summary>Original (not reposted) posts inside the NM-D12 window.</summary>
    public int OriginalPostsInWindow { get; set; }

    /// <summary>Closed and merged accounts are listed but not inspected.</summary>
    public bool Inspected => State is AccountState.Active or AccountState.Suspended;
}

/// <summary>Published items of one content type in one department site (a 栏目).</summary>
public sealed record SectionFacts(string TenantId, string ContentType, DateTime? LastPostUtc, int Count);

/// <summary>A published item whose fields a rule reads (service guides, policies, interpretations).</summary>
public sealed record ContentFacts(string Id, string TenantId, string? AccountId, string ContentType, string Title, string FieldsJson, DateTime? PublishedUtc);

public sealed record ManualFlagFacts(long Id, string RuleId, string TenantId, string AccountId, string Note, string? ContentItemId, string RecordedBy, DateTime RecordedUtc);

/// <summary>A filing obligation: an opening, change, closing or cancellation and when (if ever) it was filed.</summary>
public sealed record FilingFacts(string AccountId, string TenantId, string Event, DateOnly OccurredOn, DateOnly? FiledOn, string FilingNumber);

/// <summary>What a rule sees: the clock, the calendar, the matrix and its aggregates at one instant.</summary>
public sealed class InspectionSnapshot
{
    public required DateTime NowUtc { get; init; }
    public required TimeZoneInfo TimeZone { get; init; }
    public required WorkingCalendar Calendar { get; init; }
    public IReadOnlyList<DepartmentFacts> Departments { get; init; } = [];
    public IReadOnlyList<AccountFacts> Accounts { get; init; } = [];
    public IReadOnlyList<SectionFacts> Sections { get; init; } = [];
    public IReadOnlyList<ContentFacts> Items { get; init; } = [];
    /// <summary>Published posts dated after the check time (beyond the tolerance).</summary>
    public IReadOnlyList<ContentFacts> FutureDated { get; init; } = [];
    public IReadOnlyList<ManualFlagFacts> Flags { get; init; } = [];
    public IReadOnlyList<FilingFacts> Filings { get; init; } = [];
    /// <summary>Null while the editorial capability provides no review data (NM-D13 waits).</summary>
    public IReadOnlyList<UnreviewedPost>? Unreviewed { get; init; }
    /// <summary>Null while no interaction capability provides message data (NM-D10, WEB-V04, NM-V07 wait).</summary>
    public InteractionFacts? Interaction { get; init; }
    /// <summary>The cut-offs the message aggregates were counted with.</summary>
    public InteractionQuery? InteractionQuery { get; init; }
    /// <summary>Null while no content-safety capability provides findings (NM-V01, NM-V02, NM-V03, NM-D05, NM-D07 wait).</summary>
    public IReadOnlyList<PublishedSafetyFinding>? Safety { get; init; }
    /// <summary>Null while no page monitor provides probes, incidents and link checks (WEB-V01, WEB-W01, SEC-V01, NM-D11 wait;
    /// WEB-V05 checks faked dates only).</summary>
    public SiteIntegrityFacts? Integrity { get; init; }
    /// <summary>The window the integrity facts were collected for.</summary>
    public SiteIntegrityQuery? IntegrityQuery { get; init; }
    /// <summary>What each department's home page shows (WEB-V02); null: judged by the site-channel account's own posts.</summary>
    public IReadOnlyList<HomePageFacts>? HomePages { get; init; }
    /// <summary>The required elements of a service guide (WEB-D01), from the guide content type in force: field name and label.</summary>
    public IReadOnlyList<(string Field, string Label)> GuideElements { get; init; } = [];

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(NowUtc, TimeZone));

    public string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone).ToString("yyyy-MM-dd HH:mm");

    // Lookups built on first use. Rules run in parallel: two threads may each build one; both are the same, and the last wins.
    private Dictionary<string, AccountFacts>? _byId;

    public AccountFacts? Account(string id) => (_byId ??= Accounts.ToDictionary(a => a.Id)).GetValueOrDefault(id);

    private Dictionary<string, AccountFacts>? _sites;

    /// <summary>The department's own site account (the channel department-level findings attach to): its main one, else
    /// the first by id. Looked up, not searched: rules ask once per message box or item.</summary>
    public AccountFacts? SiteAccountOf(string tenantId)
        => (_sites ??= Accounts.Where(a => a.Platform == Platform.SiteChannel && a.Inspected)
            .GroupBy(a => a.TenantId)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.IsMain).ThenBy(a => a.Id, StringComparer.Ordinal).First()))
            .GetValueOrDefault(tenantId);
}
