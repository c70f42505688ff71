using System.Text.Json;
using System.Text.RegularExpressions;

namespace NewMediaCms.Core.Recipes;

/// <summary>Small readers shared by the recipe steps of every capability.</summary>
public static partial class RecipeJson
{
    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,62}$")]
    private static partial Regex SlugPattern();

    /// <summary>Stable ids and URL prefixes: lower-case letters, digits and hyphens, at most 63 characters.</summary>
    public static bool IsSlug(string? value) => value is not null && SlugPattern().IsMatch(value);

    /// <summary>A non-blank string property, or null.</summary>
    public static string? Optional(JsonElement item, string property)
        => item.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;
}
