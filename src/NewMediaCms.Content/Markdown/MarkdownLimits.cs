using System.ComponentModel.DataAnnotations;

namespace NewMediaCms.Content.Markdown;

/// <summary>
/// What a Markdown body may be, checked before the renderer runs (configuration section "Markdown"). Markdig throws on
/// nesting beyond 128 containers (a list level is two) and some inputs cost time quadratic in their length (a
/// 200,000-character run of "[a](" took 56 s here), so the length and the nesting are checked on the source, and the
/// render itself runs under a time budget that also follows the request's cancellation.
/// </summary>
public sealed class MarkdownLimits
{
    public const string Section = "Markdown";

    /// <summary>Characters of one body (default 200,000: 二十万字).</summary>
    [Range(1_000, 5_000_000)]
    public int MaxLength { get; set; } = 200_000;

    /// <summary>Levels of lists and block quotes inside each other (default 16; Markdig's own limit is about 60).</summary>
    [Range(1, 50)]
    public int MaxNesting { get; set; } = 16;

    /// <summary>
    /// Time for one render at save, preview and submission (default 10 s; a 150,000-character notice takes about 1–2 s). Publication, which renders once and
    /// unattended, allows <see cref="PublicationFactor"/> times as much, so a body accepted at save is not refused later
    /// on a busier machine.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan RenderTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public const int PublicationFactor = 3;
}
