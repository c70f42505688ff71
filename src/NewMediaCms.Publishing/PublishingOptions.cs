namespace NewMediaCms.Publishing;

/// <summary>Bound from "Publishing".</summary>
public sealed class PublishingOptions
{
    public const string Section = "Publishing";

    /// <summary>How far past due an item must be before the reconciler takes it over from its job.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(5);
}
