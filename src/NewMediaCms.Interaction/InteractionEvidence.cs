using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Settings;

namespace NewMediaCms.Interaction;

/// <summary>
/// The message aggregates for NM-D10, WEB-V04 and NM-V07: one grouped query over the messages (per department and account:
/// counts past each cut-off, oldest open dates, late replies in the look-back year) and one read of the message switches.
/// Messages are never loaded; 100,000 messages cost one scan.
/// </summary>
public sealed class InteractionEvidence(NmcDbContext db, SettingsStore settings) : IInteractionEvidence
{
    public async Task<InteractionFacts> CollectAsync(InteractionQuery q, CancellationToken ct)
    {
        var warn = q.WarnBeforeUtc;
        var deduct = q.DeductBeforeUtc;
        var veto = q.VetoBeforeUtc;
        var lookback = q.LookbackFromUtc;
        var late = q.LateReplyWorkingDays;
        var open = MessageStatus.Open;
        var rows = await db.Set<CitizenMessage>().AcrossTenants()
            .Where(m => m.Status == open || m.ReceivedUtc >= lookback)
            .GroupBy(m => new { m.TenantId, m.AccountId })
            .Select(g => new
            {
                g.Key.TenantId,
                g.Key.AccountId,
                Open = g.Count(m => m.Status == open),
                PastWarn = g.Count(m => m.Status == open && m.ReceivedUtc < warn),
                PastDeduct = g.Count(m => m.Status == open && m.ReceivedUtc < deduct),
                PastVeto = g.Count(m => m.Status == open && m.ReceivedUtc < veto),
                PastVetoInLookback = g.Count(m => m.Status == open && m.ReceivedUtc < veto && m.ReceivedUtc >= lookback),
                OldestOpen = g.Min(m => m.Status == open ? (DateTime?)m.ReceivedUtc : null),
                OldestOpenInLookback = g.Min(m => m.Status == open && m.ReceivedUtc >= lookback ? (DateTime?)m.ReceivedUtc : null),
                Received = g.Count(m => m.ReceivedUtc >= lookback),
                Answered = g.Count(m => m.ReceivedUtc >= lookback && m.Status == MessageStatus.Answered),
                Late = g.Count(m => m.ReceivedUtc >= lookback && m.ReplyWorkingDays > late),
                NotPublic = g.Count(m => m.ReceivedUtc >= lookback && m.Status == MessageStatus.NotPublic),
            })
            .ToListAsync(ct);
        var boxes = rows
            .Select(r => new MessageBoxFacts(r.TenantId, r.AccountId, r.Open, r.PastWarn, r.PastDeduct, r.PastVeto, r.PastVetoInLookback,
                r.OldestOpen, r.OldestOpenInLookback, r.Received, r.Answered, r.Late, r.NotPublic))
            .OrderBy(b => b.TenantId, StringComparer.Ordinal).ThenBy(b => b.AccountId, StringComparer.Ordinal)
            .ToList();

        var switches = (await settings.GetJsonOfDepartmentsAsync(MessageSwitch.SettingKey, ct))
            .Select(s => (Scope: s.Key, Value: MessageSwitch.Parse(s.Value)))
            .Select(x => new MessageSwitchFacts(x.Scope, x.Value.Enabled, x.Value.ClosedAccountIds))
            .ToList();
        return new InteractionFacts(boxes, switches);
    }
}
