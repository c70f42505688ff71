using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Safety.Html;

public static class HtmlDetectorsServiceCollectionExtensions
{
    /// <summary>The HTML detectors (Core.Safety.IHtmlSafetyDetector): hidden links and the hacked-page signatures.</summary>
    public static IServiceCollection AddHtmlDetectors(this IServiceCollection services)
    {
        return services;
    }
}
