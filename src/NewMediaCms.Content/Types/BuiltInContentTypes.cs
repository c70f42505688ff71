namespace NewMediaCms.Content.Types;

/// <summary>The government content types every installation has; a recipe may redeclare them with more fields.</summary>
public static class BuiltInContentTypes
{
    public const string Notice = "notice";
    public const string News = "news";
    public const string Policy = "policy";
    public const string Interpretation = "interpretation";
    public const string Guide = "guide";

    /// <summary>The ten required elements of a service guide (inspection rule WEB-D01).</summary>
    public static readonly IReadOnlyList<FieldDefinition> GuideElements =
    [
        new("itemName", "事项名称", FieldKind.Text, Recommended: true),
        new("legalBasis", "设定依据", FieldKind.Markdown, Recommended: true),
        new("conditions", "申请条件", FieldKind.Markdown, Recommended: true),
        new("materials", "办理材料", FieldKind.Markdown, Recommended: true),
        new("location", "办理地点", FieldKind.Text, Recommended: true),
        new("agency", "办理机构", FieldKind.Text, Recommended: true),
        new("fees", "收费标准", FieldKind.Text, Recommended: true),
        new("hours", "办理时间", FieldKind.Text, Recommended: true),
        new("phone", "联系电话", FieldKind.Text, Recommended: true),
        new("process", "办理流程", FieldKind.Markdown, Recommended: true),
    ];

    public static readonly IReadOnlyList<ContentTypeDefinition> All =
    [
        new(Notice, "通知公告", [new("attachment", "附件", FieldKind.Attachment)], BuiltIn: true),
        new(News, "新闻动态", [new("source", "来源", FieldKind.Text), new("cover", "封面图片", FieldKind.Attachment)], BuiltIn: true),
        new(Policy, "政策文件",
        [
            new("docNumber", "文号", FieldKind.Text, Required: true, Hint: "例如：测政发〔2026〕1号"),
            new("issuer", "发文机关", FieldKind.Text, Required: true),
            new("writtenOn", "成文日期", FieldKind.Date, Required: true),
            new("validFrom", "有效期起", FieldKind.Date),
            new("validTo", "有效期止", FieldKind.Date, Hint: "长期有效可留空"),
            new("attachment", "附件", FieldKind.Attachment),
            // WEB-D02 reads this field (policy → interpretation) and the interpretation's "policy" (the other way).
            new("interpretations", "政策解读（解读关联）", FieldKind.Reference, ReferenceType: Interpretation, Hint: "输入解读的标题搜索，从列表中选择"),
        ], BuiltIn: true),
        new(Interpretation, "政策解读",
        [
            new("policy", "所解读的政策文件", FieldKind.Reference, Required: true, ReferenceType: Policy, Hint: "输入政策文件的文号或标题搜索，从列表中选择"),
            new("form", "解读形式", FieldKind.Taxonomy, Terms: ["文字解读", "图片解读", "视频解读", "专家解读"]),
        ], BuiltIn: true),
        new(Guide, "办事指南", GuideElements, BuiltIn: true),
    ];
}
