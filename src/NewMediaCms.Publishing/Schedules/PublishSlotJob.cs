using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>
/// The Hangfire job of one slot: every publish-at and unpublish-at instant in the second that ends at the slot, in
/// every department. Hangfire starts it a little before the slot (<see cref="PublishingOptions.SlotLead"/>); it waits
/// inside the job for each instant and publishes what has come due in batches, so a notice goes public within the
/// time of one batch of its instant. It re-reads the truth each time (approval, content hash, still due) and every
/// version is claimed conditionally, so a duplicated, late or retried slot job changes nothing. It has no tenant
/// argument: it runs in a matrix scope, and each publication is written in its own department's name.
/// </summary>
public sealed class PublishSlotJob(DuePublisher publisher, TimeProvider clock, IOptions<PublishingOptions> options, ILogger<PublishSlotJob> logger)
{
    public async Task RunAsync(DateTime slotUtc, CancellationToken ct)
    {
        var slot = DateTime.SpecifyKind(slotUtc, DateTimeKind.Utc);
        var from = slot - TimeSpan.FromSeconds(1);
        var started = clock.GetUtcNow().UtcDateTime;
        var published = 0;
        var expired = 0;
        var batches = 0;
        while (true)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var upTo = now < slot ? now : slot;
            var run = await publisher.RunAsync(from, upTo, caughtByReconciler: false, ct);
            published += run.Published.Count;
            expired += run.Expired.Count;
            batches += run.Batches;
            if (upTo >= slot)
            {
                break;
            }
            // Not all of the slot is due yet: wait for its next instant (nothing left: done early).
            if (await publisher.NextDueAsync(upTo, slot, ct) is not { } next)
            {
                break;
            }
            var wait = DateTime.SpecifyKind(next, DateTimeKind.Utc) - clock.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, clock, ct);
            }
        }
        var lead = options.Value.SlotLead;
        logger.LogInformation("定时时隙 {Slot:O}：开始 {Start:+0.000;-0.000} s，发布 {Published}，下线 {Expired}，批次 {Batches}，结束 {End:+0.000;-0.000} s（相对时隙，提前量 {Lead} s）",
            slot, (started - slot).TotalSeconds, published, expired, batches, (clock.GetUtcNow().UtcDateTime - slot).TotalSeconds, lead.TotalSeconds);
    }
}
