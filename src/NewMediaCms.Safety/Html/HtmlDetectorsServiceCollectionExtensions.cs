using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Html;

public static class HtmlDetectorsServiceCollectionExtensions
{
    /// <summary>The HTML detectors (Core.Safety.IHtmlSafetyDetector): hidden links and the hacked-page signatures.</summary>
    public static IServiceCollection AddHtmlDetectors(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHtmlSafetyDetector, HiddenLinkDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHtmlSafetyDetector, EmptyTagBlockDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHtmlSafetyDetector, PinyinAnnotationDetector>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHtmlSafetyDetector, SpamContactDetector>());
        return services;
    }
}
