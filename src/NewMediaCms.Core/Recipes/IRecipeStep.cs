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
