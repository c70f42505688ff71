using System.Text.Json.Serialization;

namespace NewMediaCms.Inspection.Rules;

[JsonConverter(typeof(JsonStringEnumConverter<AccountStatus>))]
public enum AccountStatus
{
    /// <summary>单项否决.</summary>
    Veto,

    /// <summary>Below the pass mark after deductions.</summary>
    Fail,

    /// <summary>Passes, but with warnings or deductions.</summary>
    Warning,

    Pass,

    /// <summary>Closed or merged: listed, not inspected.</summary>
    NotInspected,
}

public sealed record AccountVerdict(AccountStatus Status, double Score, IReadOnlyList<string> RulesBroken);

/// <summary>2019 indicators: any veto fails; otherwise the base score minus each indicator's deductions (capped) and below the pass mark fails.</summary>
public static class InspectionScoring
{
    public static AccountVerdict Score(IEnumerable<Finding> findings, InspectionSettings settings, bool inspected = true)
    {
        var list = findings.ToList();
        var rules = list.Select(f => f.RuleId).Distinct().OrderBy(r => r, StringComparer.Ordinal).ToList();
        if (!inspected)
        {
            return new AccountVerdict(AccountStatus.NotInspected, 0, rules);
        }
        var deductions = list.Where(f => f.Severity == Severity.Deduction).GroupBy(f => f.RuleId)
            .Sum(g => Math.Min(g.Sum(f => f.Points), settings.Rules.TryGetValue(g.Key, out var r) && r.Cap > 0 ? r.Cap : double.MaxValue));
        var score = Math.Max(0, settings.BaseScore - deductions);
        var status = list.Any(f => f.Severity == Severity.Veto) ? AccountStatus.Veto
            : score < settings.PassMark ? AccountStatus.Fail
            : list.Count > 0 ? AccountStatus.Warning
            : AccountStatus.Pass;
        return new AccountVerdict(status, score, rules);
    }

    public static string Chinese(AccountStatus status) => status switch
    {
        AccountStatus.Veto => "否决",
        AccountStatus.Fail => "不合格",
        AccountStatus.Warning => "预警",
        AccountStatus.Pass => "合格",
        _ => "不检查",
    };

    public static string Chinese(Severity severity) => severity switch
    {
        Severity.Veto => "单项否决",
        Severity.Deduction => "扣分",
        _ => "预警",
    };
}

public sealed record RuleOutcome(string RuleId, bool Evaluated, string? Note, int Findings);

public sealed record EngineResult(IReadOnlyList<Finding> Findings, IReadOnlyList<RuleOutcome> Rules);

/// <summary>Runs every enabled rule whose data exists over a snapshot. A rule that throws is reported, not fatal.</summary>
/// <remarks>The rules only read the snapshot, so they run in parallel; findings and outcomes keep the catalogue's order.</remarks>
public sealed class InspectionEngine(RuleCatalog catalog)
{
    public EngineResult Evaluate(InspectionSnapshot snapshot, InspectionSettings settings)
    {
        var evaluated = catalog.All.AsParallel().AsOrdered().Select(rule => Evaluate(rule, snapshot, settings)).ToList();
        return new EngineResult(evaluated.SelectMany(e => e.Findings).ToList(), evaluated.Select(e => e.Outcome).ToList());
    }

    private static (RuleOutcome Outcome, IReadOnlyList<Finding> Findings) Evaluate(InspectionRule rule, InspectionSnapshot snapshot, InspectionSettings settings)
    {
        var s = settings.For(rule);
        if (!s.Enabled)
        {
            return (new RuleOutcome(rule.Id, false, rule is WaitingRule w ? w.WaitingFor : "已停用", 0), []);
        }
        if (rule.MissingData(snapshot) is { } missing)
        {
            return (new RuleOutcome(rule.Id, false, missing, 0), []);
        }
        try
        {
            var found = rule.Evaluate(snapshot, s, settings).ToList();
            return (new RuleOutcome(rule.Id, true, rule.Note(snapshot), found.Count), found);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (new RuleOutcome(rule.Id, false, $"规则执行出错：{ex.Message}", 0), []);
        }
    }
}
