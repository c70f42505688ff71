namespace NewMediaCms.Web.Setup;

/// <summary>Bound from "Setup": what to build on the first start of an empty store.</summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";

    /// <summary>Name of a recipe in recipes/ ("demo-county", "blank") or a path to a recipe file. Empty: build nothing.</summary>
    public string Recipe { get; set; } = "demo-county";

    /// <summary>Initial password of the "admin" user. Empty: a random one is generated and printed once.</summary>
    public string AdminPassword { get; set; } = "";

    /// <summary>Initial password of the demo users. Empty: a random one is generated and printed once.</summary>
    public string DemoPassword { get; set; } = "";

    public string? RecipesPath { get; set; }
}
