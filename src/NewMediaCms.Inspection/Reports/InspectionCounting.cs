using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection.Reports;

/// <summary>
/// How the auditor's views count, in one place: the dashboard, the trend, the comparison, the report and the Excel
/// summary all use these. 合格 (passing) is every inspected account that is neither vetoed nor below the pass mark: 合格
/// and 预警 (passes with warnings or deductions). The share is taken over the inspected accounts (closed and merged ones
/// are not inspected).
/// </summary>
public static class InspectionCounting
{
    public static bool IsPassing(AccountStatus status) => status is AccountStatus.Pass or AccountStatus.Warning;

    public static int Passing(InspectionRun run) => run.Passed + run.Warned;

    public static double PassShare(int passing, int inspected) => inspected == 0 ? 0 : (double)passing / inspected;

    public static double PassShare(InspectionRun run) => PassShare(Passing(run), run.Inspected);

    /// <summary>The rules that make an account dormant (睡眠): NM-V06, and WEB-V02 for a department site.</summary>
    public static readonly IReadOnlySet<string> DormantRules = new HashSet<string> { "NM-V06", "WEB-V02" };

    public static bool IsDormant(string rulesBroken) => rulesBroken.Split(',').Any(DormantRules.Contains);

    public static bool IsZombie(string rulesBroken) => rulesBroken.Split(',').Contains("NM-D01");

    /// <summary>On the clean-up list (清理整合): zombie or duplicate.</summary>
    public static bool IsCleanUp(string rulesBroken) => rulesBroken.Split(',').Any(r => r is "NM-D01" or "NM-D02");
}

/// <summary>How an account's result changed between two runs.</summary>
public enum ChangeDirection
{
    Worse = -1,
    Same = 0,
    Better = 1,
}

/// <summary>
/// The comparison of one account's result in two runs. Closing a zombie or merging a duplicate (the clean-up the
/// inspection asked for) is an improvement, though the account is no longer inspected; an account that stops being
/// inspected without having been on the clean-up list is neither better nor worse.
/// </summary>
public static class RunComparison
{
    public static int Rank(AccountStatus status) => status switch
    {
        AccountStatus.Veto => 0,
        AccountStatus.Fail => 1,
        AccountStatus.Warning => 2,
        AccountStatus.Pass => 3,
        _ => -1,
    };

    public static (ChangeDirection Direction, string Label) Compare(InspectionAccountResult? before, InspectionAccountResult? after)
    {
        if (before is null || after is null)
        {
            return (ChangeDirection.Same, before is null ? "新增账号" : "不再列出");
        }
        var wasInspected = before.Status != AccountStatus.NotInspected;
        var isInspected = after.Status != AccountStatus.NotInspected;
        if (wasInspected && !isInspected)
        {
            var cleaned = InspectionCounting.IsCleanUp(before.RulesBroken);
            var how = after.State == NewMediaCms.Accounts.AccountState.MergedInto ? "已合并" : "已关停";
            return cleaned ? (ChangeDirection.Better, $"变好（{how}，清理整合完成）") : (ChangeDirection.Same, $"不再检查（{how}）");
        }
        if (!wasInspected && isInspected)
        {
            return (ChangeDirection.Same, "恢复检查");
        }
        var d = Math.Sign(Rank(after.Status) - Rank(before.Status));
        if (d == 0)
        {
            d = Math.Sign(after.Score - before.Score);
        }
        return d > 0 ? (ChangeDirection.Better, "变好") : d < 0 ? (ChangeDirection.Worse, "变差") : (ChangeDirection.Same, "持平");
    }
}
