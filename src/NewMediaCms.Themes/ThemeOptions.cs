namespace NewMediaCms.Themes;

/// <summary>Bound from "Themes". Path defaults to the nearest "themes" folder above the content root.</summary>
public sealed class ThemeOptions
{
    public const string Section = "Themes";

    public string? Path { get; set; }

    /// <summary>Re-read templates when their files change (development).</summary>
    public bool WatchFiles { get; set; }
}

/// <summary>theme.json: the manifest of a theme folder.</summary>
public sealed record ThemeManifest(string Name, string DisplayName, string Description, string? BaseTheme);
