namespace NewMediaCms.Core.Inspection;

/// <param name="NowUtc">The check time.</param>
/// <param name="ProbeFromUtc">Start of the availability window (WEB-V01 / WEB-W01: one week).</param>
public sealed record SiteIntegrityQuery(DateTime NowUtc, DateTime ProbeFromUtc);

/// <summary>Availability probes of one department's site in the window (a probe not loaded within 15 s is a failure).</summary>
/// <param name="DaysWithEnoughProbes">Days of the window with at least the indicator's 20 probes.</param>
public sealed record ProbeFacts(string TenantId, int Probes, int Failed, int Days, int DaysWithEnoughProbes);

/// <summary>
/// A page-monitor incident: a served page that is not what the CMS rendered (WEB-V05 when not handled) or carries a
/// hacked-page signature (SEC-V01). <paramref name="Kind"/>: "tampered", "hidden-link", "signature", "cloaking".
/// </summary>
public sealed record IncidentFacts(
    string TenantId,
    string? AccountId,
    string IncidentId,
    string RuleCode,
    string Kind,
    string Url,
    string Evidence,
    DateTime OpenedUtc,
    DateTime? HandledUtc);

/// <summary>A link or menu entry on a published page that did not work when last checked (NM-D11).</summary>
public sealed record BrokenLinkFacts(string TenantId, string? AccountId, string PageUrl, string LinkUrl, int? Status, string Error, DateTime CheckedUtc);

public sealed record SiteIntegrityFacts(
    IReadOnlyList<ProbeFacts> Probes,
    IReadOnlyList<IncidentFacts> Incidents,
    IReadOnlyList<BrokenLinkFacts> BrokenLinks);

/// <summary>
/// The seam for WEB-V01, WEB-W01, WEB-V05, SEC-V01 and NM-D11: implemented and registered by the page monitor; until
/// one is registered the rules are reported as waiting for data.
/// </summary>
public interface ISiteIntegrityEvidence
{
    Task<SiteIntegrityFacts> CollectAsync(SiteIntegrityQuery query, CancellationToken cancellationToken);
}
