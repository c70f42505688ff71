using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Jobs;

/// <summary>
/// Runs every job in a DI scope of its own and, when the job method has a string parameter named "tenantId",
/// sets that department as the scope's tenant context before the job runs. The scope (and with it the context)
/// ends with the job, so no job ever sees another job's tenant. Jobs without the parameter run with no tenant
/// and must say explicitly when they read across departments.
/// </summary>
public sealed class TenantJobActivator(IServiceScopeFactory scopes) : JobActivator
{
    public const string TenantParameter = "tenantId";

    public override JobActivatorScope BeginScope(JobActivatorContext context)
    {
        var scope = scopes.CreateScope();
        var tenantId = TenantOf(context.BackgroundJob.Job);
        if (tenantId is not null)
        {
            var tenant = scope.ServiceProvider.GetRequiredService<TenantRegistry>().Find(tenantId)
                         ?? throw new InvalidOperationException($"任务所属部门 “{tenantId}” 不存在。");
            scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        }
        return new Scope(scope);
    }

    public static string? TenantOf(Hangfire.Common.Job? job)
    {
        if (job is null)
        {
            return null;
        }
        var parameters = job.Method.GetParameters();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].Name == TenantParameter && parameters[i].ParameterType == typeof(string))
            {
                return job.Args[i] as string;
            }
        }
        return null;
    }

    private sealed class Scope(IServiceScope scope) : JobActivatorScope
    {
        public override object Resolve(Type type) => ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, type);

        public override void DisposeScope() => scope.Dispose();
    }
}
