using System.Text.Json;

namespace NewMediaCms.Core.Recipes;

/// <summary>
/// A named recipe step ("tenants", "accounts", "users", ...). Each capability registers the steps for its own
/// data. A step first validates everything it was given (no changes), then applies it; applying the same step
/// twice must leave the store as applying it once (items carry stable ids).
/// </summary>
public interface IRecipeStep
{
    string Name { get; }

    /// <summary>Checks the step's JSON without touching the store. Report each problem with the item it concerns.</summary>
    void Validate(JsonElement step, RecipeValidation validation);

    Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken);
}

/// <summary>Collects validation problems; each names the step and the offending item.</summary>
public sealed class RecipeValidation(string file, int stepIndex, string stepName)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public void Error(string? item, string reason)
        => _errors.Add(item is null
            ? $"{file} 第 {stepIndex + 1} 步 “{stepName}”：{reason}"
            : $"{file} 第 {stepIndex + 1} 步 “{stepName}” 条目 “{item}”：{reason}");

    public string? RequireString(JsonElement element, string property, string? item)
    {
        if (element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString()))
        {
            return value.GetString();
        }
        Error(item, $"缺少必填字段 “{property}”。");
        return null;
    }

    /// <summary>The longest name a step takes unless it says otherwise (a department's, an account's display name: 200 in the store).</summary>
    public const int NameLength = 200;

    /// <summary>
    /// A required one-line name: present, without any control character (not even a line break), at most
    /// <paramref name="maxLength"/> characters. Each problem names the item and the field.
    /// </summary>
    public string? RequireName(JsonElement element, string property, string? item, int maxLength = NameLength)
    {
        var value = RequireString(element, property, item);
        return value is null || CheckName(property, item, value, maxLength) ? value : null;
    }

    /// <summary>An optional one-line name (absent or blank is fine), with the checks of <see cref="RequireName"/>.</summary>
    public string? OptionalName(JsonElement element, string property, string? item, int maxLength = NameLength)
    {
        var value = RecipeJson.Optional(element, property);
        return value is null || CheckName(property, item, value, maxLength) ? value : null;
    }

    private bool CheckName(string property, string? item, string value, int maxLength)
    {
        if (value.Any(char.IsControl))
        {
            Error(item, $"字段 “{property}” 含有换行或其他控制字符，名称只能是一行文字。");
            return false;
        }
        if (value.Length > maxLength)
        {
            Error(item, $"字段 “{property}” 过长（{value.Length} 字），不能超过 {maxLength} 字。");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Every text in the step, at any depth: a NUL or other control character (tab, line break and carriage return
    /// aside, which Markdown and message bodies use) is refused, with the field's JSON path. Run by the runner for every step.
    /// </summary>
    public void RefuseControlCharacters(JsonElement step)
    {
        Walk(step, "");

        void Walk(JsonElement e, string path)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        if (HasRefused(p.Name))
                        {
                            Error(null, $"字段名 “{Printable(p.Name)}”（{Join(path, "?")}）含有控制字符。");
                        }
                        Walk(p.Value, Join(path, p.Name));
                    }
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var x in e.EnumerateArray())
                    {
                        Walk(x, $"{path}[{i++}]");
                    }
                    break;
                case JsonValueKind.String when HasRefused(e.GetString()!):
                    var s = e.GetString()!;
                    var at = s.IndexOf(s.First(IsRefused));
                    Error(null, $"字段 “{path}” 第 {at + 1} 个字符是控制字符 U+{(int)s[at]:X4}（如 NUL），请删除后再运行。");
                    break;
            }
        }

        static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
        static bool IsRefused(char c) => char.IsControl(c) && c is not ('\t' or '\n' or '\r');
        static bool HasRefused(string s) => s.Any(IsRefused);
        static string Printable(string s) => new(s.Select(c => IsRefused(c) ? '?' : c).ToArray());
    }

    public IEnumerable<JsonElement> RequireArray(JsonElement step, string property)
    {
        if (step.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            return array.EnumerateArray().ToList();
        }
        Error(null, $"缺少数组 “{property}”。");
        return [];
    }
}

/// <summary>What a step sees while it applies: the clock of the run, the recipe's time zone and its services.</summary>
public sealed class RecipeExecution(IServiceProvider services, DateTimeOffset now, TimeZoneInfo timeZone)
{
    public IServiceProvider Services { get; } = services;

    public DateTimeOffset Now { get; } = now;

    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>Number of items created or changed, per step, for the run report.</summary>
    public int Changed { get; set; }

    public DateTime ParseDateUtc(string text) => RecipeDates.ParseUtc(text, Now, TimeZone);
}
