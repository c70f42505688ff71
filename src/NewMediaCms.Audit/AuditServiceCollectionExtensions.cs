using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>The audit log: <see cref="IAuditTrail"/> to write, <see cref="AuditVerifier"/> to check the chain, <see cref="AuditLogQuery"/> to read.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, AuditModel>();
        services.TryAddScoped<IAuditActorAccessor, SystemAuditActor>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<IDomainEventHandler<IAuditableEvent>, AuditableEventHandler>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, AuditChainInterceptor>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditLogQuery>();
        return services;
    }
}
