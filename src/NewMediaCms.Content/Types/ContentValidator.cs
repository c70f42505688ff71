using System.Globalization;

namespace NewMediaCms.Content.Types;

/// <summary>What is wrong with a draft: errors (per field, block submission) and warnings (shown, do not block).</summary>
public sealed class ContentValidation
{
    /// <summary>Field name ("title", "markdown" or a field of the type) -> Chinese message.</summary>
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public List<string> Warnings { get; } = [];

    public bool IsValid => Errors.Count == 0;
}

/// <summary>Checks a draft against its content type. References are checked by the caller, who can see the store.</summary>
public static class ContentValidator
{
    public const int MaxTitleLength = 500;

    public static ContentValidation Validate(ContentTypeDefinition type, string? title, IReadOnlyDictionary<string, string> fields)
    {
        var result = new ContentValidation();
        if (string.IsNullOrWhiteSpace(title))
        {
            result.Errors["title"] = "请填写标题。";
        }
        else if (title.Trim().Length > MaxTitleLength)
        {
            result.Errors["title"] = $"标题不能超过 {MaxTitleLength} 个字。";
        }

        foreach (var field in type.Fields)
        {
            var value = fields.TryGetValue(field.Name, out var v) ? v.Trim() : "";
            if (value.Length == 0)
            {
                if (field.Required)
                {
                    result.Errors[field.Name] = $"请填写“{field.DisplayName}”。";
                }
                else if (field.Recommended)
                {
                    result.Warnings.Add($"缺少“{field.DisplayName}”：{type.DisplayName}应当包含此要素（检查指标 WEB-D01 会扣分）。");
                }
                continue;
            }
            var error = field.Kind switch
            {
                FieldKind.Text when value.Length > 2000 => $"“{field.DisplayName}”不能超过 2000 个字。",
                FieldKind.Date when !ContentFields.TryParseDate(value, out _) => $"“{field.DisplayName}”应为日期，格式如 2026-01-31。",
                FieldKind.Number when !decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) => $"“{field.DisplayName}”应为数字。",
                FieldKind.Link when !IsWebUrl(value) => $"“{field.DisplayName}”应为以 http:// 或 https:// 开头的网址。",
                FieldKind.Attachment when !IsWebUrl(value) && !(value.StartsWith('/') && !value.StartsWith("//", StringComparison.Ordinal)) => $"“{field.DisplayName}”的地址应为网址或以 / 开头的站内路径。",
                FieldKind.Taxonomy when field.Terms is { Count: > 0 } terms && !terms.Contains(value) => $"“{field.DisplayName}”只能选择：{string.Join("、", field.Terms)}。",
                _ => null,
            };
            if (error is not null)
            {
                result.Errors[field.Name] = error;
            }
        }

        // 有效期: the end may not come before the start.
        if (fields.TryGetValue("validFrom", out var from) && fields.TryGetValue("validTo", out var to)
            && ContentFields.TryParseDate(from, out var f) && ContentFields.TryParseDate(to, out var t) && t < f
            && type.Field("validTo") is { Kind: FieldKind.Date } toField)
        {
            result.Errors["validTo"] = $"“{toField.DisplayName}”不能早于有效期起始日期。";
        }
        return result;
    }

    private static bool IsWebUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
