using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>
/// The start-up catch-up, run directly when the process starts (where a Hangfire server runs), not as a queued job:
/// after a crash the queue may hold hundreds of due slot jobs, and what was due while the process was down must not
/// wait behind them. It reconciles at once with no grace (nothing of this process is running yet), and once more
/// when the slot jobs that were running at the crash would have finished (they stay invisible in Hangfire's storage
/// for its invisibility timeout).
/// </summary>
public sealed class ScheduleCatchUp(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PublishingOptions> options, ILogger<ScheduleCatchUp> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var pass = 1; pass <= 2 && !stoppingToken.IsCancellationRequested; pass++)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var report = await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync(TimeSpan.Zero, stoppingToken);
                logger.LogInformation("启动对账（第 {Pass} 次）：补发 {Published}，补下线 {Expired}，重建任务 {Recreated}", pass, report.Published, report.Expired, report.JobsRecreated);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The recurring reconciler (every minute) is still there.
                logger.LogError(ex, "启动对账失败，由每分钟的对账补做");
            }
            if (pass == 1)
            {
                await Task.Delay(options.Value.SlotLead + TimeSpan.FromSeconds(2), clock, stoppingToken);
            }
        }
    }
}
