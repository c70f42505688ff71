using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Safety.Html;

namespace NewMediaCms.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>
    /// Content safety (错敏词 gate): dictionaries as data, text detectors, the check the editorial flow calls
    /// (Core.Safety.ISafetyCheck), hash-bound overrides and the evidence for NM-V01/V02/V03/D05/D07.
    /// </summary>
    public static IServiceCollection AddSafety(this IServiceCollection services)
    {
        services.AddHtmlDetectors();
        return services;
    }
}
