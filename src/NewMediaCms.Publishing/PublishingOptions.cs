namespace NewMediaCms.Publishing;

/// <summary>Bound from "Publishing".</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>How far past due an item must be before the reconciler takes it over from its job.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long before its slot a slot job is due in Hangfire. Hangfire moves a due job to the queue at its next
    /// schedule poll and a worker takes it at its next queue poll (about a second each), so the job is started early
    /// and waits, inside the job, for each item's exact instant.
    /// </summary>
    public TimeSpan SlotLead { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many versions one transaction publishes (or expires) at most.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>The Hangfire queue of the reconciler; the server takes its queues in order, so it is served before the slot jobs.</summary>
    public const string ReconcilerQueue = "critical";
}
