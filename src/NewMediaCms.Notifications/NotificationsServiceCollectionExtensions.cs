using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;
using NewMediaCms.Jobs;
using NewMediaCms.Notifications.Mail;

namespace NewMediaCms.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>
    /// Notices: the one handler of every <see cref="INotifyingEvent"/> (in-app message per recipient, mail outbox row when
    /// SMTP is configured), the people directory it resolves recipients with, the inbox (bell, list, mark read), the
    /// to-do counts of the navigation, and the mail outbox job (MailKit, every minute, with back-off).
    /// </summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services, IConfiguration? configuration = null)
    {
        services.AddSingleton<IModelContributor, NotificationsModel>();
        var options = services.AddOptions<MailOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(MailOptions.Section));
        }
        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MailOptions>, MailOptionsValidator>());
        services.AddScoped<IPeopleDirectory, PeopleDirectory>();
        services.AddScoped<IDomainEventHandler<INotifyingEvent>, NotificationHandler>();
        services.AddScoped<NotificationInbox>();
        services.AddScoped<WorkplaceTodos>();
        services.AddRecurringJob<MailOutboxJob>(MailOutboxJob.JobId, "* * * * *", "发送邮件通知（发件箱）");
        return services;
    }
}
