using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;
using NewMediaCms.Jobs;
using NewMediaCms.Publishing.Schedules;

namespace NewMediaCms.Publishing;

public static class PublishingServiceCollectionExtensions
{
    /// <summary>Exact scheduled publishing and expiry: one Hangfire job per due second, the reconciler, the calendar queries.</summary>
    public static IServiceCollection AddPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IModelContributor, PublishingModel>();
        services.AddOptions<PublishingOptions>().Bind(configuration.GetSection(PublishingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PublishingOptions>, PublishingOptionsValidation>();
        services.AddScoped<IPublicationScheduler, HangfirePublicationScheduler>();
        services.AddScoped<HangfirePublicationScheduler>();
        services.AddScoped<DuePublisher>();
        services.AddScoped<PublishSlotJob>();
        services.AddScoped<ScheduleCalendar>();
        services.AddRecurringJob<ScheduleReconciler>(ScheduleReconciler.JobId, "* * * * *", "定时发布对账：补发/补下线逾期内容，重建缺失任务");
        services.AddRecurringJob<ExpiringSoonNotices>(ExpiringSoonNotices.JobId, "5 * * * *", "即将到期提醒：告知作者临近下线时间的已发布内容");
        if (configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() is not { RunServer: false })
        {
            // Where jobs run, the start-up catch-up runs at once, ahead of the queued backlog.
            services.AddHostedService<ScheduleCatchUp>();
        }
        return services;
    }
}
