using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Detection;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Gate;
using NewMediaCms.Safety.Html;
using NewMediaCms.Safety.Scan;

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
        services.AddSingleton<IModelContributor, SafetyModel>();
        services.AddSingleton<CompiledDictionaryCache>();
        services.AddSingleton(sp => new SafetyEngine(sp.GetServices<IHtmlSafetyDetector>()));
        services.AddScoped<SafetyDictionaries>();
        services.AddScoped<SafetyCheck>();
        services.Replace(ServiceDescriptor.Scoped<ISafetyCheck>(sp => sp.GetRequiredService<SafetyCheck>()));
        services.Replace(ServiceDescriptor.Scoped<IContentSafetyGate, ContentSafetyGate>());
        services.AddScoped<PublishedSafetyScan>();
        services.Replace(ServiceDescriptor.Scoped<ISafetyEvidence, SafetyEvidence>());
        services.AddScoped<IRecipeStep, SafetyDictionariesRecipeStep>();
        return services;
    }
}
