using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Media.Storage;

namespace NewMediaCms.Media;

public static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddMedia(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MediaOptions>().Bind(configuration.GetSection(MediaOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MediaOptions>, MediaOptionsValidation>();
        services.AddSingleton<IModelContributor, MediaModel>();
        services.AddSingleton<FileSystemMediaStorage>(sp =>
        {
            var media = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var contentRoot = sp.GetRequiredService<IHostEnvironment>().ContentRootPath;
            var appData = Path.IsPathRooted(store.AppDataPath) ? store.AppDataPath : Path.Combine(contentRoot, store.AppDataPath);
            var root = string.IsNullOrWhiteSpace(media.Path) ? Path.Combine(appData, "media")
                : Path.IsPathRooted(media.Path) ? media.Path : Path.Combine(contentRoot, media.Path);
            return new FileSystemMediaStorage(root);
        });
        services.AddSingleton<DatabaseMediaStorage>();
        services.AddSingleton<IMediaStorage>(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.Storage == MediaStorageKind.Database
            ? sp.GetRequiredService<DatabaseMediaStorage>()
            : sp.GetRequiredService<FileSystemMediaStorage>());
        services.AddScoped<MediaLibrary>();
        services.AddScoped<UploadSweep>();
        services.AddMemoryCache();
        services.AddScoped<NewMediaCms.Core.Safety.IAttachmentTextSource, Checks.AttachmentTexts>();
        return services;
    }
}
