using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace NewMediaCms.Web.Setup;

/// <summary>Serves only files under a theme's assets/ folder (/themes/{theme}/assets/...): never templates or manifests.</summary>
public sealed class ThemeAssetsFileProvider(string themesRoot) : IFileProvider
{
    private readonly PhysicalFileProvider _inner = new(themesRoot);

    public IFileInfo GetFileInfo(string subpath)
        => IsAsset(subpath) ? _inner.GetFileInfo(subpath) : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private static bool IsAsset(string subpath)
    {
        var parts = subpath.Trim('/').Split('/');
        return parts.Length >= 3 && parts[1] == "assets" && !parts.Contains("..");
    }
}
