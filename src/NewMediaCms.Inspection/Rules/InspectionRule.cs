namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// One indicator of the 2019 national table (or a local addition). A rule is a small sealed class: its id, its
/// default settings and an evaluation over a snapshot that yields findings with evidence.
/// </summary>
public abstract class InspectionRule
{
    public abstract string Id { get; }

    /// <summary>Chinese name shown to auditors.</summary>
    public abstract string Title { get; }

    /// <summary>What the threshold counts, for the settings page ("天", "个"...).</summary>
    public virtual string ThresholdUnit => "";

    public abstract RuleSettings Defaults();

    /// <summary>Non-null when the data the rule needs does not exist yet in this installation: it is not evaluated.</summary>
    public virtual string? MissingData(InspectionSnapshot snapshot) => null;

    /// <summary>A note on an evaluated rule (e.g. a part of it that still waits for data), shown with the run's rules.</summary>
    public virtual string? Note(InspectionSnapshot snapshot) => null;

    public abstract IEnumerable<Finding> Evaluate(InspectionSnapshot snapshot, RuleSettings settings, InspectionSettings all);

    protected Finding Found(RuleSettings s, AccountFacts account, string message, string threshold, IReadOnlyList<Evidence> evidence, string? task = null)
        => new(Id, s.Severity, account.TenantId, account.Id, s.Severity == Severity.Deduction ? s.Points : 0, message, threshold, evidence, task);

    /// <summary>The inspected accounts this rule judges: service accounts only where the exemption does not cover the rule
    /// (<see cref="InspectionSettings.ServiceExemptRules"/>; nationally the 14-day rule only).</summary>
    protected IEnumerable<AccountFacts> PublishingAccounts(InspectionSnapshot s, InspectionSettings all)
        => s.Accounts.Where(a => a.Inspected && (a.Kind == NewMediaCms.Accounts.AccountKind.Publishing || !all.ExemptsService(Id)));

    protected static Evidence LastPostEvidence(InspectionSnapshot s, AccountFacts a)
        => a.LastPostUtc is { } last
            ? new Evidence("最后发布", $"{s.Local(last)}《{a.LastPostTitle ?? a.LastPostId ?? "（标题不可用）"}》", a.LastPostId, last)
            : new Evidence("最后发布", "从未发布");

    /// <summary>The date a silence is counted from: the last post, or the opening of an account that never posted.</summary>
    protected static DateTime SilentSinceUtc(InspectionSnapshot s, AccountFacts a)
        => a.LastPostUtc ?? (a.OpenedOn is { } opened
            ? TimeZoneInfo.ConvertTimeToUtc(opened.ToDateTime(TimeOnly.MinValue), s.TimeZone)
            : a.CreatedUtc);
}

/// <summary>A rule of the national table whose data does not exist yet (messages, safety scans, link checks): listed, switched off.</summary>
public sealed class WaitingRule(string id, string title, Severity severity, string waitingFor) : InspectionRule
{
    public override string Id => id;

    public override string Title => title;

    public string WaitingFor => waitingFor;

    public override RuleSettings Defaults() => new() { Enabled = false, Severity = severity, Points = severity == Severity.Deduction ? 2 : 0, Cap = 10 };

    public override string? MissingData(InspectionSnapshot snapshot) => waitingFor;

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot snapshot, RuleSettings settings, InspectionSettings all) => [];
}
