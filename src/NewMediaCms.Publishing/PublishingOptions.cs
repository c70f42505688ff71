using Microsoft.Extensions.Options;

namespace NewMediaCms.Publishing;

/// <summary>Bound from "Publishing"; checked at start-up (<see cref="PublishingOptionsValidation"/>): a bad value stops the start with its name.</summary>
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

    /// <summary>How long before a public version's unpublish-at time its writers are told it expires soon (content.expiring).</summary>
    public TimeSpan ExpiringSoonNotice { get; set; } = TimeSpan.FromDays(3);

    /// <summary>The Hangfire queue of the reconciler; the server takes its queues in order, so it is served before the slot jobs.</summary>
    public const string ReconcilerQueue = "critical";
}

/// <summary>The start-up check of <see cref="PublishingOptions"/>: one Chinese sentence per bad setting, naming it.</summary>
public sealed class PublishingOptionsValidation : IValidateOptions<PublishingOptions>
{
    /// <summary>A batch larger than this would exceed the parameter limits of an <c>IN (...)</c> list on SQLite and hold its write lock for long.</summary>
    public const int MaxBatchSize = 10_000;

    public ValidateOptionsResult Validate(string? name, PublishingOptions options)
    {
        var errors = new List<string>();
        if (options.BatchSize is < 1 or > MaxBatchSize)
        {
            errors.Add($"配置项 {PublishingOptions.Section}:{nameof(PublishingOptions.BatchSize)} 为 {options.BatchSize}，应为 1 至 {MaxBatchSize} 之间的整数（每个事务发布或下线的版本数）。");
        }
        if (options.SlotLead < TimeSpan.Zero || options.SlotLead > TimeSpan.FromMinutes(1))
        {
            errors.Add($"配置项 {PublishingOptions.Section}:{nameof(PublishingOptions.SlotLead)} 为 {options.SlotLead}，应为 0 至 1 分钟之间的时长（定时任务提前启动的时间）。");
        }
        if (options.ReconcileGrace < TimeSpan.Zero || options.ReconcileGrace > TimeSpan.FromMinutes(10))
        {
            errors.Add($"配置项 {PublishingOptions.Section}:{nameof(PublishingOptions.ReconcileGrace)} 为 {options.ReconcileGrace}，应为 0 至 10 分钟之间的时长（对账接管逾期内容前等待的时间）。");
        }
        if (options.ExpiringSoonNotice < TimeSpan.FromHours(1) || options.ExpiringSoonNotice > TimeSpan.FromDays(90))
        {
            errors.Add($"配置项 {PublishingOptions.Section}:{nameof(PublishingOptions.ExpiringSoonNotice)} 为 {options.ExpiringSoonNotice}，应为 1 小时至 90 天之间的时长（提前多久提醒作者内容即将到期下线）。");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
