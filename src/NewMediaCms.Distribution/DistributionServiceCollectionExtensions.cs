using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Distribution.Submissions;

namespace NewMediaCms.Distribution;

public static class DistributionServiceCollectionExtensions
{
    /// <summary>
    /// The matrix working as one: distribution of approved items to other departments' accounts (copy, link, sync),
    /// mandated reposts with deadlines (转载任务), upward submission (信息报送) and retraction through every copy; the
    /// inspection's evidence port for NM-D08 and NM-D09.
    /// </summary>
    public static IServiceCollection AddDistribution(this IServiceCollection services)
    {
        services.AddSubmissions();
        return services;
    }
}
