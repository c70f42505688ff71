using NewMediaCms.Core.Events;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Recipes;

public sealed record RecipeResult(string Name, int Steps, int Changed);

/// <summary>
/// Runs a recipe: a JSON file with a header, variables and ordered named steps. The whole recipe is parsed and
/// every step validated before anything is written; then all steps run in one transaction, so a failure
/// anywhere changes nothing. Items carry stable ids, so running a recipe again changes only what differs.
/// </summary>
public sealed partial class RecipeRunner(
    IServiceProvider services,
    NmcDbContext db,
    ITenantContext tenant,
    TenantRegistry registry,
    TimeProvider clock,
    ILogger<RecipeRunner> logger)
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex Variable();

    public async Task<RecipeResult> RunFileAsync(string path, IReadOnlyDictionary<string, string>? variables = null, CancellationToken ct = default)
    {
        if (!File.Exists(path))
        {
            throw new RecipeException($"找不到配方文件 {path}。");
        }
        var json = await File.ReadAllTextAsync(path, ct);
        return await RunAsync(Path.GetFileName(path), json, variables, ct);
    }

    public async Task<RecipeResult> RunAsync(string file, string json, IReadOnlyDictionary<string, string>? variables = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var (header, steps, zone) = Parse(file, json, variables ?? new Dictionary<string, string>(), now);
        var handlers = services.GetServices<IRecipeStep>().ToDictionary(s => s.Name, StringComparer.Ordinal);

        var errors = new List<string>();
        for (var i = 0; i < steps.Count; i++)
        {
            var (name, element) = steps[i];
            if (!handlers.TryGetValue(name, out var handler))
            {
                errors.Add($"{file} 第 {i + 1} 步：未知步骤 “{name}”，可用的步骤有 {string.Join("、", handlers.Keys.Order())}。");
                continue;
            }
            var validation = new RecipeValidation(file, i, name);
            validation.RefuseControlCharacters(element);
            handler.Validate(element, validation);
            errors.AddRange(validation.Errors);
        }
        if (errors.Count > 0)
        {
            throw new RecipeException("配方未执行，没有做任何修改：\n" + string.Join("\n", errors));
        }

        var execution = new RecipeExecution(services, now, zone);
        using var matrix = tenant.BeginMatrixScope();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var index = 0;
        try
        {
            for (; index < steps.Count; index++)
            {
                var (name, element) = steps[index];
                await handlers[name].ApplyAsync(element, execution, ct);
            }
            db.Add(new RecipeRun
            {
                Name = header,
                File = file,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))),
                RanUtc = now.UtcDateTime,
                Changed = execution.Changed,
            });
            // Tenants, accounts, users and content a recipe changes are recorded as one audited action.
            db.Raise(new NewMediaCms.Core.Events.Audited(new NewMediaCms.Core.Events.AuditRecord(
                "recipe.applied", "Recipe", header, null, $"steps={steps.Count} changed={execution.Changed}",
                $"执行配方 {file}：{string.Join("、", steps.Select(s => s.Name))}", TenantId: null, Actor: "recipe")));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            registry.Invalidate();
            var step = index < steps.Count ? $"第 {index + 1} 步 “{steps[index].Name}”" : "收尾";
            var reason = ex is RecipeException ? ex.Message : Describe(ex);
            throw new RecipeException($"配方 {file} 在{step}失败，已回滚，没有做任何修改：{reason}", ex);
        }
        registry.Invalidate();
        logger.LogInformation("配方 {Recipe} ({File}) 执行完成：{Steps} 步，修改 {Changed} 项", header, file, steps.Count, execution.Changed);
        return new RecipeResult(header, steps.Count, execution.Changed);
    }

    private static string Describe(Exception ex)
    {
        var inner = ex;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }
        return inner == ex ? ex.Message : $"{ex.Message}（{inner.Message}）";
    }

    private static (string Name, List<(string Name, JsonElement Element)> Steps, TimeZoneInfo Zone) Parse(
        string file, string json, IReadOnlyDictionary<string, string> supplied, DateTimeOffset now)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new RecipeException($"{file} 不是有效的 JSON（第 {ex.LineNumber + 1} 行，第 {ex.BytePositionInLine + 1} 列）：{ex.Message}");
        }
        if (root is not JsonObject obj)
        {
            throw new RecipeException($"{file}：配方必须是一个 JSON 对象。");
        }
        var name = obj["name"]?.GetValueKind() == JsonValueKind.String ? obj["name"]!.GetValue<string>() : null;
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new RecipeException($"{file}：配方头缺少 “name”。");
        }
        var zoneId = obj["timeZone"]?.GetValue<string>() ?? NewMediaCms.Core.Tenancy.TenantClock.DefaultZoneId;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var zone))
        {
            throw new RecipeException($"{file}：未知时区 “{zoneId}”。");
        }

        // Variables: the recipe's own (which may use supplied ones), then what the caller supplied wins.
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["now"] = now.ToString("O"),
        };
        foreach (var (k, v) in supplied)
        {
            variables[k] = v;
        }
        if (obj["variables"] is JsonObject declared)
        {
            foreach (var (k, v) in declared)
            {
                if (supplied.ContainsKey(k))
                {
                    continue;
                }
                if (v?.GetValueKind() != JsonValueKind.String)
                {
                    throw new RecipeException($"{file}：变量 “{k}” 必须是字符串。");
                }
                variables[k] = Substitute(v.GetValue<string>(), variables, file, $"变量 “{k}”");
            }
        }

        if (obj["steps"] is not JsonArray stepsArray)
        {
            throw new RecipeException($"{file}：配方缺少 “steps” 数组。");
        }
        var steps = new List<(string, JsonElement)>();
        for (var i = 0; i < stepsArray.Count; i++)
        {
            if (stepsArray[i] is not JsonObject step || step["name"]?.GetValueKind() != JsonValueKind.String)
            {
                throw new RecipeException($"{file} 第 {i + 1} 步：每一步必须是带 “name” 的对象。");
            }
            var stepName = step["name"]!.GetValue<string>();
            var substituted = SubstituteAll(step.DeepClone(), variables, file, $"第 {i + 1} 步 “{stepName}”");
            steps.Add((stepName, JsonSerializer.SerializeToElement(substituted)));
        }
        return (name, steps, zone);
    }

    private static JsonNode? SubstituteAll(JsonNode? node, IReadOnlyDictionary<string, string> variables, string file, string where)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    o[key] = SubstituteAll(o[key]?.DeepClone(), variables, file, where);
                }
                return o;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    a[i] = SubstituteAll(a[i]?.DeepClone(), variables, file, where);
                }
                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                var text = v.GetValue<string>();
                return text.Contains("{{", StringComparison.Ordinal) ? JsonValue.Create(Substitute(text, variables, file, where)) : v;
            default:
                return node;
        }
    }

    private static string Substitute(string text, IReadOnlyDictionary<string, string> variables, string file, string where)
        => Variable().Replace(text, m => variables.TryGetValue(m.Groups[1].Value, out var value)
            ? value
            : throw new RecipeException($"{file} {where}：未定义的变量 “{m.Groups[1].Value}”。"));
}
