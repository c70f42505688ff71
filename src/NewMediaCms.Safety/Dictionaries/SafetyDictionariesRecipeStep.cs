using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Safety.Dictionaries;

/// <summary>
/// Recipe step "safetyDictionaries": words for the matrix dictionary ("scope": "matrix", the default) or a department's
/// ("scope": department id), with their provenance ("source"). Lists by key (see <see cref="SafetyLists"/>): plain
/// words as strings, corrections as {"word","suggestion"}, leaders as {"name","titles":[...],"jurisdiction"},
/// exceptions as {"word","reason"}. Running it again adds a version only when something changed.
/// </summary>
public sealed class SafetyDictionariesRecipeStep : IRecipeStep
{
    public string Name => "safetyDictionaries";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        validation.RequireString(step, "source", null);
        if (!step.TryGetProperty("lists", out var lists) || lists.ValueKind != JsonValueKind.Object)
        {
            validation.Error(null, "缺少对象 “lists”（按词表分组的词条）。");
            return;
        }
        foreach (var list in lists.EnumerateObject())
        {
            if (SafetyLists.Find(list.Name) is null)
            {
                validation.Error(list.Name, $"没有名为“{list.Name}”的词表（可用：{string.Join("、", SafetyLists.All.Select(l => l.Key))}）。");
                continue;
            }
            var (_, errors) = Read(list);
            foreach (var e in errors)
            {
                validation.Error(list.Name, e);
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var scope = step.TryGetProperty("scope", out var s) && s.GetString() is { Length: > 0 } sc ? sc : SafetyDictionaries.MatrixScope;
        var source = step.GetProperty("source").GetString()!;
        var words = new List<WordInput>();
        foreach (var list in step.GetProperty("lists").EnumerateObject())
        {
            words.AddRange(Read(list).Words);
        }
        var dictionaries = execution.Services.GetRequiredService<SafetyDictionaries>();
        var (version, _) = await dictionaries.AddAsync(scope, words, source, "recipe", cancellationToken);
        if (version > 0)
        {
            execution.Changed += words.Count;
        }
    }

    private static (List<WordInput> Words, List<string> Errors) Read(JsonProperty list)
    {
        var words = new List<WordInput>();
        var errors = new List<string>();
        if (list.Value.ValueKind != JsonValueKind.Array)
        {
            errors.Add("词表须为数组。");
            return (words, errors);
        }
        foreach (var item in list.Value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                words.Add(new WordInput(list.Name, item.GetString()!));
                continue;
            }
            string? Get(string name) => item.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var titles = item.TryGetProperty("titles", out var t) && t.ValueKind == JsonValueKind.Array
                ? string.Join("、", t.EnumerateArray().Select(x => x.GetString()))
                : Get("titles");
            words.Add(new WordInput(list.Name, Get("word") ?? Get("name") ?? "", Get("suggestion"), titles, Get("jurisdiction"), Get("reason")));
        }
        foreach (var w in words)
        {
            if (string.IsNullOrWhiteSpace(w.Word))
            {
                errors.Add("词条缺少 “word”（领导名单为 “name”）。");
            }
            else if (SafetyLists.Find(w.List) is { NeedsSuggestion: true } && string.IsNullOrWhiteSpace(w.Suggestion))
            {
                errors.Add($"“{w.Word}”缺少 “suggestion”（正确写法）。");
            }
            else if (w.List == SafetyLists.Leaders && (SafetyDictionaries.SplitTitles(w.Titles).Count == 0 || string.IsNullOrWhiteSpace(w.Jurisdiction)))
            {
                errors.Add($"“{w.Word}”缺少 “titles” 或 “jurisdiction”。");
            }
            else if (w.List == SafetyLists.Exceptions && string.IsNullOrWhiteSpace(w.Reason))
            {
                errors.Add($"例外词“{w.Word}”缺少 “reason”。");
            }
        }
        return (words, errors);
    }
}
