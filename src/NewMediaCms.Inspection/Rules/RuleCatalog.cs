namespace NewMediaCms.Inspection.Rules;

/// <summary>Every indicator the engine knows, in the order of the national table.</summary>
public sealed class RuleCatalog
{
    public RuleCatalog()
    {
        All =
        [
            new WaitingRule("NM-V01", "严重表述错误", Severity.Veto, "等待内容安全（错敏词）检查数据"),
            new WaitingRule("NM-V02", "泄露国家秘密或未脱敏个人信息", Severity.Veto, "等待内容安全（个人信息）检查数据"),
            new WaitingRule("NM-V03", "链接或含有违法有害内容", Severity.Veto, "等待内容安全（暗链、有害内容）检查数据"),
            new ManualFlagRule("NM-V04", "发布内容引发严重负面舆情", Severity.Veto, 0, 0),
            new ManualFlagRule("NM-V05", "数据造假：买粉、强制点赞转发下载", Severity.Veto, 0, 0),
            new DormantAccountRule(),
            new NoInteractionRule(),
            new DormancyWarningRule(),
            new ZombieAccountRule(),
            new DuplicateAccountRule(),
            new FilingRule(),
            new AccountNameRule(),
            new WaitingRule("NM-D05", "商业广告或广告链接", Severity.Deduction, "等待内容安全检查数据"),
            new ManualFlagRule("NM-D06", "发布与职能无关或过度娱乐化内容", Severity.Deduction, 2, 10),
            new WaitingRule("NM-D07", "一般错别字", Severity.Deduction, "等待内容安全（错别字）检查数据"),
            new WaitingRule("NM-D08", "转载来源不在授权清单或未注明来源", Severity.Deduction, "等待转载来源数据"),
            new WaitingRule("NM-D09", "上级要求转发的信息 24 小时内未转发", Severity.Deduction, "等待矩阵转发（联动）数据"),
            new UnansweredMessageRule(),
            new WaitingRule("NM-D11", "菜单、链接或功能不可用", Severity.Deduction, "等待链接检查数据"),
            new OriginalContentRule(),
            new ReviewChainRule(),
            new WaitingRule("WEB-V01", "网站无法访问", Severity.Veto, "等待可用性探测数据"),
            new WaitingRule("WEB-W01", "网站可用性预警", Severity.Warning, "等待可用性探测数据"),
            new HomePageNotUpdatedRule(),
            new StaleSectionsRule(),
            new UnansweredConsultationRule(),
            new FakedDateRule(),
            new ServiceGuideElementsRule(),
            new PolicyInterpretationLinkRule(),
            new WaitingRule("SEC-V01", "页面被篡改或挂暗链", Severity.Veto, "等待页面完整性监测数据"),
        ];
    }

    public IReadOnlyList<InspectionRule> All { get; }

    public InspectionRule? Find(string id) => All.FirstOrDefault(r => r.Id == id);

    public static readonly IReadOnlyList<string> ManualRuleIds = ["NM-V04", "NM-V05", "NM-D06"];
}
