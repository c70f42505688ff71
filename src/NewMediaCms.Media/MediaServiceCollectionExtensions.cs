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
            var root = string.IsNullOrWhiteSpace(media.Path) ? Path.Combine(StoreServiceCollectionExtensions.AppData(store, contentRoot), "media")
                : Path.IsPathRooted(media.Path) ? media.Path : Path.Combine(contentRoot, media.Path);
            // Uploads and the library are the owner's only (0700), wherever Media:Path puts them.
            return new FileSystemMediaStorage(PrivateFiles.Directory(root));
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
