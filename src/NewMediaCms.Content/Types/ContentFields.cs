using System.Globalization;
using System.Text.Json;

namespace NewMediaCms.Content.Types;

/// <summary>Field values of a version: a flat JSON object of strings, written with sorted keys so the content hash is stable.</summary>
public static class ContentFields
{
    public static Dictionary<string, string> Parse(string? json)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return result;
        }
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            return result;
        }
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            result[p.Name] = p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString() ?? "",
                JsonValueKind.Null => "",
                _ => p.Value.GetRawText(),
            };
        }
        return result;
    }

    public static string Serialize(IReadOnlyDictionary<string, string> fields)
        => JsonSerializer.Serialize(new SortedDictionary<string, string>(
            fields.Where(f => !string.IsNullOrWhiteSpace(f.Value)).ToDictionary(f => f.Key, f => f.Value.Trim()), StringComparer.Ordinal));

    public static bool TryParseDate(string value, out DateOnly date)
        => DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
