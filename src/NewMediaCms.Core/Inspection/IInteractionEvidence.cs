namespace NewMediaCms.Core.Inspection;

/// <summary>
/// What the inspection asks the interaction capability (citizen messages, 留言/答复) once per run. The cut-off instants are
/// computed by the inspection from its working-day calendar and settings, so the interaction side only counts, in one
/// grouped query, never message by message.
/// </summary>
/// <param name="NowUtc">The check time.</param>
/// <param name="WarnBeforeUtc">An open message received before this instant is past the warning deadline (NM-D10, 5 working days).</param>
/// <param name="DeductBeforeUtc">... past the deduction deadline (NM-D10, 15 working days).</param>
/// <param name="VetoBeforeUtc">... open for longer than the veto period (NM-D10 / WEB-V04, 3 months).</param>
/// <param name="LookbackFromUtc">Start of the look-back window (WEB-V04, 1 year): late replies and the WEB-V04 count only look at messages received since.</param>
/// <param name="LateReplyWorkingDays">A reply given after more working days than this counts as late.</param>
public sealed record InteractionQuery(DateTime NowUtc, DateTime WarnBeforeUtc, DateTime DeductBeforeUtc, DateTime VetoBeforeUtc, DateTime LookbackFromUtc, int LateReplyWorkingDays);

/// <summary>
/// The aggregates of one message box: the messages addressed to one account of a department, or to the department itself
/// (<see cref="AccountId"/> null). Open = waiting for a reply (待答复).
/// </summary>
public sealed record MessageBoxFacts(
    string TenantId,
    string? AccountId,
    int Open,
    int OpenPastWarn,
    int OpenPastDeduct,
    int OpenPastVeto,
    int OpenPastVetoInLookback,
    DateTime? OldestOpenUtc,
    DateTime? OldestOpenInLookbackUtc,
    int ReceivedInLookback,
    int AnsweredInLookback,
    int LateRepliesInLookback,
    int NotPublicInLookback);

/// <summary>A department's message function (留言功能): switched on or off, and the accounts on which it is switched off.</summary>
public sealed record MessageSwitchFacts(string TenantId, bool Enabled, IReadOnlyList<string> ClosedAccountIds);

public sealed record InteractionFacts(IReadOnlyList<MessageBoxFacts> Boxes, IReadOnlyList<MessageSwitchFacts> Switches);

/// <summary>
/// The seam for NM-D10, WEB-V04 and NM-V07 (like <see cref="IReviewChainEvidence"/> for NM-D13): implemented and registered by
/// the interaction capability; until one is registered, the three rules are reported as waiting for data.
/// </summary>
public interface IInteractionEvidence
{
    Task<InteractionFacts> CollectAsync(InteractionQuery query, CancellationToken cancellationToken);
}
