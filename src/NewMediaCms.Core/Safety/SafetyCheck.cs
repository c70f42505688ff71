namespace NewMediaCms.Core.Safety;

/// <summary>The three tiers of monitoring tools (shared/domain/inspection-rules.md, 错敏词).</summary>
public enum SafetyTier
{
    /// <summary>一般: deduction tier, warns.</summary>
    Ordinary = 1,

    /// <summary>疑似: a near-miss that may be right; needs a person.</summary>
    Suspected = 2,

    /// <summary>严重: veto tier, blocks publishing until a named reviewer overrides with a reason.</summary>
    Serious = 3,
}

public static class SafetyTiers
{
    public static string DisplayName(SafetyTier tier) => tier switch
    {
        SafetyTier.Serious => "严重",
        SafetyTier.Suspected => "疑似",
        _ => "一般",
    };
}

/// <summary>
/// One piece of text to check. <paramref name="Field"/> names where it comes from ("title", "summary", "body",
/// "field:docNumber", "link", "alt", "attachment:{name}", "reply"); <paramref name="IsHtml"/> marks rendered HTML, which
/// also goes through the HTML detectors (hidden links, hacked-page signatures).
/// </summary>
public sealed record SafetyText(string Field, string Text, bool IsHtml = false);

/// <summary>
/// What a detector found: where (<paramref name="Field"/>, <paramref name="Start"/>, <paramref name="Length"/> in that
/// field's text), what (<paramref name="Matched"/>), the suggested correction, the tier and the inspection rule it feeds
/// (NM-V01, NM-V02, NM-V03, NM-D05, NM-D07, SEC-V01). <paramref name="Detector"/> is a stable key ("leader-name",
/// "pii-id-number", "hidden-link", …) and <paramref name="Message"/> is the Chinese text shown next to the field.
/// </summary>
public sealed record SafetyFinding(
    string Detector,
    SafetyTier Tier,
    string RuleCode,
    string Field,
    int Start,
    int Length,
    string Matched,
    string? Suggestion,
    string Message);

public sealed record SafetyReport(IReadOnlyList<SafetyFinding> Findings)
{
    public static readonly SafetyReport Clean = new([]);

    /// <summary>A serious finding blocks publishing (until overridden for this content hash).</summary>
    public bool Blocks => Findings.Any(f => f.Tier == SafetyTier.Serious);
}

/// <summary>
/// The content-safety check (错敏词, personal data, forbidden content, hidden links, hacked-page signatures) that the
/// editorial flow (save, submit, approve, publish) and citizen-message replies call. Implemented by NewMediaCms.Safety
/// with the department's dictionaries; the tenant decides which dictionaries (matrix + department words and exceptions).
/// </summary>
public interface ISafetyCheck
{
    Task<SafetyReport> CheckAsync(string tenantId, IReadOnlyList<SafetyText> texts, CancellationToken cancellationToken);
}

/// <summary>
/// A detector over rendered HTML (hidden links, empty-tag blocks, traditional text with pinyin, spam contact lines).
/// Used both by the safety check before publishing and by the page monitor on served pages: one set of detectors.
/// </summary>
public interface IHtmlSafetyDetector
{
    IEnumerable<SafetyFinding> Detect(string html, string field);
}
