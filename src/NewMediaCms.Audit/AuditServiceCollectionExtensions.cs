using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// The audit log: <see cref="IAuditTrail"/> to write, <see cref="AuditVerifier"/> to check the chain and its anchors,
    /// <see cref="AuditLogQuery"/> to read, <see cref="AuditArchive"/> to export and remove old entries, <see cref="AuditSealing"/>
    /// at start. The key, the checkpoint file and the archives live outside the database (<see cref="AuditOptions"/>).
    /// The recurring <see cref="AuditCheckpointJob"/> is declared by the host with the other recurring jobs.
    /// </summary>
    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>());
        services.AddSingleton(sp =>
        {
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var appData = Path.IsPathRooted(store.AppDataPath) ? store.AppDataPath : Path.Combine(contentRoot, store.AppDataPath);
            return AuditPaths.Resolve(sp.GetRequiredService<IOptions<AuditOptions>>().Value, appData);
        });
        services.AddSingleton<AuditKeyRing>();
        services.AddSingleton<AuditAnchor>();
        services.AddSingleton<IModelContributor, AuditModel>();
        services.TryAddScoped<IAuditActorAccessor, SystemAuditActor>();
        services.AddScoped<IAuditTrail, AuditTrail>();
        services.AddScoped<IDomainEventHandler<IAuditableEvent>, AuditableEventHandler>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, AuditChainInterceptor>();
        services.AddScoped<AuditVerifier>();
        services.AddScoped<AuditLogQuery>();
        services.AddScoped<AuditArchive>();
        services.AddScoped<AuditSealing>();
        return services;
    }
}
