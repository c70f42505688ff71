using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Themes;

/// <summary>A template that failed to parse or render, with the theme and file it came from. Theme is
/// "overrides/{tenantId}" for a department's own override folder.</summary>
public sealed record TemplateError(string Theme, string Template, string Message, DateTime Utc)
{
    /// <summary>The department whose request hit the error (null outside a department request).</summary>
    public string? TenantId { get; init; }
}

/// <summary>
/// Renders Liquid templates from theme folders with Fluid. Templates are parsed once and cached. A template is
/// looked up in the theme, then in its base themes; a template that fails to parse or render falls back to the
/// next theme in that chain and the error is logged and kept for the admin, so a reader never sees a stack trace.
/// </summary>
public sealed class ThemeRenderer
{
    // Chinese stays readable in the HTML source: encode only what HTML needs, not every non-ASCII character.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private static readonly FluidParser Parser = new(new FluidParserOptions { AllowFunctions = true });

    private readonly string _root;
    private readonly ILogger<ThemeRenderer> _logger;
    private readonly ConcurrentDictionary<string, TemplateOptions> _options = new(StringComparer.OrdinalIgnoreCase);
    // Liquid's date filters: the national default zone (templates get dates already formatted in the department's).
    private readonly TimeZoneInfo _zone = TenantClock.FindZone(TenantClock.DefaultZoneId);
    private readonly ConcurrentDictionary<string, ThemeManifest?> _manifests = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<(string Theme, string Template), Lazy<(IFluidTemplate? Template, string? Error)>> _templates = new();
    private readonly ConcurrentQueue<TemplateError> _errors = new();

    public ThemeRenderer(IOptions<ThemeOptions> options, ILogger<ThemeRenderer> logger)
    {
        // Validated at start (ThemeOptionsValidation): set, and an existing folder.
        _root = options.Value.Path!;
        _logger = logger;
    }

    public string Root => _root;

    /// <summary>The most recent template errors (newest last), for the admin.</summary>
    public IReadOnlyCollection<TemplateError> RecentErrors => _errors.ToArray();

    /// <summary>Every theme folder with a readable manifest (for the admin's theme setting).</summary>
    public IReadOnlyList<ThemeManifest> Themes()
        => Directory.Exists(_root)
            ? Directory.GetDirectories(_root).Select(Path.GetFileName).Where(n => n is not null && n != "overrides")
                .Select(n => Manifest(n!)).OfType<ThemeManifest>().OrderBy(m => m.Name, StringComparer.Ordinal).ToList()
            : [];

    public ThemeManifest? Manifest(string theme) => _manifests.GetOrAdd(theme, LoadManifest);

    /// <summary>The theme and its base themes, most specific first.</summary>
    public IReadOnlyList<string> Chain(string theme)
    {
        var chain = new List<string>();
        var current = theme;
        while (current is not null && !chain.Contains(current, StringComparer.OrdinalIgnoreCase) && Manifest(current) is { } manifest)
        {
            chain.Add(current);
            current = manifest.BaseTheme;
        }
        return chain;
    }

    /// <summary>The folder (relative to the themes root) holding a department's own template overrides.</summary>
    public static string OverrideFolder(string tenantId) => "overrides/" + tenantId;

    /// <summary>
    /// The templates looked up for a department: its override folder (themes/overrides/{tenantId}/templates) when it
    /// exists, then its theme and that theme's base themes.
    /// </summary>
    public IReadOnlyList<string> Chain(string theme, string? tenantId)
    {
        var chain = Chain(theme);
        if (tenantId is null || !IsSafeSegment(tenantId) || !Directory.Exists(Path.Combine(_root, "overrides", tenantId, "templates")))
        {
            return chain;
        }
        return [OverrideFolder(tenantId), .. chain];
    }

    /// <summary>Renders <paramref name="template"/> inside the theme's "layout" template.</summary>
    public async Task<string> RenderPageAsync(string theme, string template, IReadOnlyDictionary<string, object?> model, string? tenantId = null)
    {
        var body = await RenderAsync(theme, template, model, null, tenantId);
        return await RenderAsync(theme, "layout", model, new StringValue(body, encode: false), tenantId);
    }

    public async Task<string> RenderAsync(string theme, string template, IReadOnlyDictionary<string, object?> model, FluidValue? content = null, string? tenantId = null)
    {
        var chain = Chain(theme, tenantId);
        var key = chain.Count > 0 && chain[0].StartsWith("overrides/", StringComparison.Ordinal) ? chain[0] + "|" + theme : theme;
        foreach (var candidate in chain)
        {
            var (parsed, error) = Load(candidate, template);
            if (parsed is null)
            {
                if (error is not null)
                {
                    Report(candidate, template, error, null, tenantId);
                }
                continue;
            }
            try
            {
                var context = new TemplateContext(OptionsFor(key, chain));
                foreach (var (k, v) in model)
                {
                    context.SetValue(k, v);
                }
                if (content is not null)
                {
                    context.SetValue("content", content);
                }
                context.SetValue("theme", theme);
                return await parsed.RenderAsync(context, Encoder);
            }
            catch (Exception ex)
            {
                Report(candidate, template, ex.Message, ex, tenantId);
            }
        }
        throw new TemplateNotFoundException($"主题 “{theme}” 及其基础主题中没有可用的模板 “{template}”。");
    }

    private (IFluidTemplate? Template, string? Error) Load(string theme, string template)
        => _templates.GetOrAdd((theme, template), key => new Lazy<(IFluidTemplate?, string?)>(() =>
        {
            var file = Path.Combine(_root, key.Theme, "templates", key.Template + ".liquid");
            if (!File.Exists(file))
            {
                return (null, null);
            }
            return Parser.TryParse(File.ReadAllText(file), out var parsed, out var error) ? (parsed, null) : (null, "语法错误：" + error);
        })).Value;

    /// <summary>Forgets parsed templates and manifests (after a theme changes on disk).</summary>
    public void Reload()
    {
        _templates.Clear();
        _manifests.Clear();
        _options.Clear();
    }

    /// <summary>Options per lookup chain: partials ({% render "_pager" %}) resolve through the same chain too.</summary>
    private TemplateOptions OptionsFor(string key, IReadOnlyList<string> chain) => _options.GetOrAdd(key, _ => new TemplateOptions
    {
        MemberAccessStrategy = new UnsafeMemberAccessStrategy { MemberNameStrategy = MemberNameStrategies.SnakeCase },
        TimeZone = _zone,
        CultureInfo = new System.Globalization.CultureInfo("zh-CN"),
        FileProvider = new CompositeFileProvider(chain
            .Select(c => Path.Combine(_root, c, "templates"))
            .Where(Directory.Exists)
            .Select(d => (IFileProvider)new PhysicalFileProvider(d))),
    });

    private static bool IsSafeSegment(string value)
        => value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private void Report(string theme, string template, string message, Exception? ex, string? tenantId)
    {
        _logger.LogError(ex, "主题 {Theme} 的模板 {Template} 出错，已回退到基础主题：{Message}", theme, template, message);
        _errors.Enqueue(new TemplateError(theme, template, message, DateTime.UtcNow) { TenantId = tenantId });
        while (_errors.Count > 100 && _errors.TryDequeue(out _))
        {
        }
    }

    private ThemeManifest? LoadManifest(string theme)
    {
        var file = Path.Combine(_root, theme, "theme.json");
        if (!File.Exists(file))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<ThemeManifest>(File.ReadAllText(file), new JsonSerializerOptions { PropertyNameCaseInsensitive = true });
        }
        catch (JsonException ex)
        {
            _logger.LogError(ex, "主题清单 {File} 无法解析", file);
            return null;
        }
    }
}

public sealed class TemplateNotFoundException(string message) : Exception(message);
