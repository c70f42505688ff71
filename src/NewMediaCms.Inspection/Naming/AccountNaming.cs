using System.Collections.Concurrent;
using System.Text.Json;

namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// The naming rule of NM-D04 as data: unit suffixes, common abbreviations and standard main-account names, with the
/// reading they follow and their provenance. Shipped as Naming/account-naming.json (the national reading); a jurisdiction
/// points the rule's option namingFile at its own file. Loaded once per file.
/// </summary>
public sealed class AccountNaming
{
    public string Reading { get; init; } = "";
    public string Provenance { get; init; } = "";
    public IReadOnlyList<string> UnitSuffixes { get; init; } = [];
    public IReadOnlyList<string> MainAccountUnits { get; init; } = [];
    public IReadOnlyList<string> MainAccountNames { get; init; } = [];
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Abbreviations { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    public static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "Naming", "account-naming.json");

    private static readonly ConcurrentDictionary<string, AccountNaming> Cache = new();

    public static AccountNaming Load(string? file)
        => Cache.GetOrAdd(string.IsNullOrWhiteSpace(file) ? DefaultFile : file, Read);

    private sealed record FileShape(string? Reading, string? Provenance, List<string>? UnitSuffixes, MainShape? MainAccount, Dictionary<string, List<string>>? Abbreviations);

    private sealed record MainShape(List<string>? Units, List<string>? Names);

    private static AccountNaming Read(string file)
    {
        FileShape shape;
        try
        {
            shape = JsonSerializer.Deserialize<FileShape>(File.ReadAllText(file), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidDataException($"命名规则文件 {Path.GetFileName(file)} 为空。");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"命名规则文件 {file} 无法读取：{ex.Message}", ex);
        }
        return new AccountNaming
        {
            Reading = shape.Reading ?? "",
            Provenance = shape.Provenance ?? "",
            UnitSuffixes = shape.UnitSuffixes ?? [],
            MainAccountUnits = shape.MainAccount?.Units ?? [],
            MainAccountNames = shape.MainAccount?.Names ?? [],
            Abbreviations = (shape.Abbreviations ?? []).ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value),
        };
    }
}
