using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Core.Events;

namespace NewMediaCms.PublicSite;

public static class PublicSiteServiceCollectionExtensions
{
    /// <summary>
    /// The public site's services: read model, view models, output cache with tag eviction and cross-node change stamps,
    /// response compression, and the department's site settings and theme.
    /// </summary>
    public static IServiceCollection AddPublicSite(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PublicSiteOptions>().Bind(configuration.GetSection(PublicSiteOptions.Section))
            .Validate(o => o.SitemapPageSize is > 0 and <= 50_000 && o.FeedSize is > 0 and <= 500, "PublicSite:SitemapPageSize 须在 1–50000 之间，PublicSite:FeedSize 须在 1–500 之间。")
            .Validate(o => o.ReadModelMaxAgeSeconds >= 0 && o.ChangePollSeconds is >= 0 and <= 3600, "PublicSite:ReadModelMaxAgeSeconds 不能为负数，PublicSite:ChangePollSeconds 须在 0–3600 之间。")
            .ValidateOnStart();
        services.AddOutputCache(o =>
        {
            o.AddPolicy(PublicPageCachePolicy.Name, new PublicPageCachePolicy());
            o.SizeLimit = 256L * 1024 * 1024;
        });
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/rss+xml", "application/atom+xml", "image/svg+xml"]);
        });
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = System.IO.Compression.CompressionLevel.Fastest);
        services.AddScoped<SiteModelBuilder>();
        services.AddScoped<HomePageListing>();
        services.AddScoped<NewMediaCms.Core.Inspection.IHomePageEvidence>(sp => sp.GetRequiredService<HomePageListing>());
        services.AddScoped<SiteSettingsService>();
        services.AddScoped<SiteThemeService>();
        services.AddSingleton<PublicReadModel>();
        services.AddSingleton<NewMediaCms.Core.Data.IModelContributor, PublicChangeStampModel>();
        services.AddSingleton<PublicChangeStamps>();
        services.AddHostedService(sp => sp.GetRequiredService<PublicChangeStamps>());
        services.AddScoped<PendingCacheEvictions>();
        services.AddScoped<IInterceptor, CacheEvictionInterceptor>();
        services.AddScoped<ContentCacheEvictionHandler>();
        services.AddScoped<IDomainEventHandler<ContentPublished>>(sp => sp.GetRequiredService<ContentCacheEvictionHandler>());
        services.AddScoped<IDomainEventHandler<ContentUnpublished>>(sp => sp.GetRequiredService<ContentCacheEvictionHandler>());
        services.AddScoped<IDomainEventHandler<ContentDeleted>>(sp => sp.GetRequiredService<ContentCacheEvictionHandler>());
        return services;
    }
}
