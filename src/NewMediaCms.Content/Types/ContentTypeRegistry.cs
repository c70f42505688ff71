using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Content.Types;

/// <summary>
/// The content types in force: the built-in government types, overridden or extended by the types recipes
/// declared (stored in ContentTypes). Read per unit of work; the table is small.
/// </summary>
public sealed class ContentTypeRegistry(NmcDbContext db)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private IReadOnlyList<ContentTypeDefinition>? _all;

    public async Task<IReadOnlyList<ContentTypeDefinition>> AllAsync(CancellationToken ct = default)
    {
        if (_all is not null)
        {
            return _all;
        }
        var declared = await db.Set<ContentTypeRecord>().AsNoTracking().ToListAsync(ct);
        var result = BuiltInContentTypes.All.ToDictionary(t => t.Name);
        foreach (var record in declared)
        {
            result[record.Name] = new ContentTypeDefinition(record.Name, record.DisplayName,
                JsonSerializer.Deserialize<List<FieldDefinition>>(record.FieldsJson, Json) ?? [],
                BuiltIn: BuiltInContentTypes.All.Any(b => b.Name == record.Name));
        }
        return _all = [.. result.Values.OrderBy(t => t.BuiltIn ? 0 : 1)];
    }

    public async Task<ContentTypeDefinition?> FindAsync(string name, CancellationToken ct = default)
        => (await AllAsync(ct)).FirstOrDefault(t => t.Name == name);

    public static string Serialize(IReadOnlyList<FieldDefinition> fields) => JsonSerializer.Serialize(fields, Json);
}
