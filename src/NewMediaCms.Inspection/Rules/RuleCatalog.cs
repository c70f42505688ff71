namespace NewMediaCms.Inspection.Rules;

/// <summary>Every indicator the engine knows, in the order of the national table.</summary>
public sealed class RuleCatalog
{
    public RuleCatalog()
    {
        All =
        [
            new SeriousWordingRule(),
            new SecretsAndPersonalDataRule(),
            new HarmfulContentRule(),
            new ManualFlagRule("NM-V04", "发布内容引发严重负面舆情", Severity.Veto, 0, 0),
            new ManualFlagRule("NM-V05", "数据造假：买粉、强制点赞转发下载", Severity.Veto, 0, 0),
            new DormantAccountRule(),
            new NoInteractionRule(),
            new DormancyWarningRule(),
            new ZombieAccountRule(),
            new DuplicateAccountRule(),
            new FilingRule(),
            new AccountNameRule(),
            new AdvertisingRule(),
            new ManualFlagRule("NM-D06", "发布与职能无关或过度娱乐化内容", Severity.Deduction, 2, 10),
            new OrdinaryTypoRule(),
            new WaitingRule("NM-D08", "转载来源不在授权清单或未注明来源", Severity.Deduction, "等待转载来源数据"),
            new WaitingRule("NM-D09", "上级要求转发的信息 24 小时内未转发", Severity.Deduction, "等待矩阵转发（联动）数据"),
            new UnansweredMessageRule(),
            new BrokenLinksRule(),
            new OriginalContentRule(),
            new ReviewChainRule(),
            new SiteUnreachableRule(),
            new AvailabilityWarningRule(),
            new HomePageNotUpdatedRule(),
            new StaleSectionsRule(),
            new UnansweredConsultationRule(),
            new FakedDateRule(),
            new ServiceGuideElementsRule(),
            new PolicyInterpretationLinkRule(),
            new HackedPageRule(),
        ];
    }

    public IReadOnlyList<InspectionRule> All { get; }

    public InspectionRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    public static readonly IReadOnlyList<string> ManualRuleIds = ["NM-V04", "NM-V05", "NM-D06"];
}
