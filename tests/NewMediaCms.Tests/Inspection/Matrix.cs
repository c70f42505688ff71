using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;

namespace NewMediaCms.Tests.Inspection;

/// <summary>A small builder of inspection snapshots for rule tests: a fixed check time and the shipped PRC calendar.</summary>
internal sealed class Matrix
{
    /// <summary>2026-11-27 10:00 Beijing time.</summary>
    public static readonly DateTime Now = new(2026, 11, 27, 2, 0, 0, DateTimeKind.Utc);

    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static WorkingCalendar Calendar { get; } = WorkingCalendarLoader.Load(WorkingCalendarLoader.DefaultFolder, "cn");

    private readonly List<AccountFacts> _accounts = [];
    private readonly List<SectionFacts> _sections = [];
    private readonly List<ContentFacts> _items = [];
    private readonly List<ContentFacts> _future = [];
    private readonly List<ManualFlagFacts> _flags = [];
    private readonly List<FilingFacts> _filings = [];
    private readonly List<DepartmentFacts> _departments = [new("gaj", "测试县公安局", null, true)];

    public DateTime At { get; set; } = Now;

    public List<UnreviewedPost>? Unreviewed { get; set; }

    /// <summary>Null: no content-safety capability (the safety rules wait).</summary>
    public List<PublishedSafetyFinding>? Safety { get; set; }

    /// <summary>Null: no page monitor (the integrity rules wait).</summary>
    public SiteIntegrityFacts? Integrity { get; set; }

    /// <summary>Null: no home-page evidence (WEB-V02 judges the site account's own posts).</summary>
    public List<HomePageFacts>? HomePages { get; set; }

    public List<(string Field, string Label)> GuideElements { get; set; } = [];

    /// <summary>A content-safety finding on a published item of account "a" (department gaj).</summary>
    public Matrix SafetyFinding(string rule, string tier, string item = "n1", string excerpt = "攻府", string? suggestion = "政府", string? detector = null, string account = "a")
    {
        (Safety ??= []).Add(new PublishedSafetyFinding("gaj", account, item, 7, "标题" + item, rule, tier, "body", excerpt, suggestion, Now.AddHours(-1), detector, $"https://example.gov.cn/gaj/notices/{item}"));
        return this;
    }

    public AccountFacts Account(string id, Platform platform = Platform.WeChat, DateTime? lastPost = null, AccountKind kind = AccountKind.Publishing,
        AccountState state = AccountState.Active, string name = "测试公安", string unit = "测试县公安局", DateOnly? openedOn = null,
        string filingNumber = "F-1", DateOnly? filedOn = null, int originals = 1, string tenant = "gaj")
    {
        var a = new AccountFacts
        {
            Id = id, TenantId = tenant, Name = name, Platform = platform, Kind = kind, State = state, OperatingUnit = unit,
            FilingNumber = filingNumber, OpenedOn = openedOn ?? new DateOnly(2024, 1, 1), FiledOn = filedOn, CreatedUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            LastPostUtc = lastPost, LastPostId = lastPost is null ? null : id + "-last", LastPostTitle = lastPost is null ? null : "最后一条",
            OriginalPostsInWindow = originals,
        };
        _accounts.Add(a);
        return a;
    }

    public Matrix Department(string id, string name)
    {
        _departments.Add(new(id, name, null, true));
        return this;
    }

    public Matrix Section(string type, DateTime? last, int count = 1, string tenant = "gaj")
    {
        _sections.Add(new SectionFacts(tenant, type, last, count));
        return this;
    }

    public Matrix Item(string id, string type, string fieldsJson, string? account = null, string tenant = "gaj")
    {
        _items.Add(new ContentFacts(id, tenant, account, type, id, fieldsJson, Now.AddDays(-1)));
        return this;
    }

    public Matrix Future(string id, DateTime publishedUtc, string account)
    {
        _future.Add(new ContentFacts(id, "gaj", account, "notice", id, "{}", publishedUtc));
        return this;
    }

    public Matrix Flag(string rule, string account, string note)
    {
        _flags.Add(new ManualFlagFacts(_flags.Count + 1, rule, "gaj", account, note, null, "auditor", Now.AddDays(-1)));
        return this;
    }

    public Matrix Filing(string account, string what, DateOnly occurred, DateOnly? filed)
    {
        _filings.Add(new FilingFacts(account, "gaj", what, occurred, filed, filed is null ? "" : "F-2"));
        return this;
    }

    public InspectionSnapshot Snapshot() => new()
    {
        NowUtc = At,
        TimeZone = China,
        Calendar = Calendar,
        Departments = _departments,
        Accounts = _accounts,
        Sections = _sections,
        Items = _items,
        FutureDated = _future,
        Flags = _flags,
        Filings = _filings,
        Unreviewed = Unreviewed,
        Safety = Safety,
        Integrity = Integrity,
        IntegrityQuery = Integrity is null ? null : new SiteIntegrityQuery(At, At.AddDays(-7)),
        HomePages = HomePages,
        GuideElements = GuideElements,
    };

    public static InspectionSettings Settings(Action<InspectionSettings>? change = null)
    {
        var s = InspectionSettings.Resolve(new RuleCatalog().All, null);
        change?.Invoke(s);
        return s;
    }

    /// <summary>Findings of one rule, with default settings unless changed.</summary>
    public List<Finding> Run(string ruleId, Action<RuleSettings>? change = null)
    {
        var catalog = new RuleCatalog();
        var settings = Settings();
        change?.Invoke(settings.Rules[ruleId]);
        return catalog.Find(ruleId)!.Evaluate(Snapshot(), settings.Rules[ruleId], settings).ToList();
    }

    public static DateTime Local(int year, int month, int day, int hour = 10)
        => TimeZoneInfo.ConvertTimeToUtc(new DateTime(year, month, day, hour, 0, 0, DateTimeKind.Unspecified), China);
}
