namespace NewMediaCms.Web.Setup;

/// <summary>Where the repository-level folders are: themes/ and recipes/ sit at the root, beside src/.</summary>
public static class AppPaths
{
    /// <summary>The nearest folder called <paramref name="name"/> in the content root or above it, then beside the binaries.</summary>
    public static string Find(string contentRoot, string name)
    {
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, name);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        throw new DirectoryNotFoundException($"找不到 “{name}” 目录（从 {contentRoot} 向上查找）。请在配置中设置其路径。");
    }
}
