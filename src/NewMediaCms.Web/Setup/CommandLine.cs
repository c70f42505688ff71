using NewMediaCms.Audit;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes;
using NewMediaCms.Users;

namespace NewMediaCms.Web.Setup;

/// <summary>
/// The process's arguments, split once: configuration switches for the host, and the words of a command.
/// </summary>
/// <param name="Configuration">Switches, as the host's configuration reads them: <c>--Key=value</c>, <c>--Key value</c>, <c>/Key=value</c>.</param>
/// <param name="Command">Every other word, in order, with the recipe's <c>--var name=value</c> pairs where they stood.</param>
public sealed record CommandLineArgs(string[] Configuration, string[] Command)
{
    /// <summary>The first word names an administrative command; anything else starts the web server.</summary>
    public bool IsCommand => Command is ["recipe" or "user" or "migrate" or "audit", ..];
}

/// <summary>
/// Administrative commands that run instead of the web server (configuration switches may stand anywhere):
///   recipe run FILE|NAME [--var name=value]...   apply that one recipe to the configured store
///   user set-password USERNAME PASSWORD           reset a password (and lift a lock-out)
///   migrate                                       apply database migrations only
///   audit verify                                  check the audit log's MACs, sequence and checkpoints (exit code 3 when broken)
///   audit export FILE [FROM TO]                   write the entries of the days FROM..TO (yyyy-MM-dd, Beijing time) as a signed archive
///   audit verify-archive FILE                     check a signed archive offline, with the audit key only (exit code 3 when refused)
///   audit purge [BEFORE]                          archive, then remove, the entries older than the retention period (or BEFORE)
/// A command never runs the first-start recipe: the store gets migrations, the built-in roles and what the command does.
/// </summary>
public static class CommandLine
{
    /// <summary>
    /// Splits the arguments the way the host's command-line configuration reads them, so that a switch before the command
    /// neither hides the command nor is lost: <c>--Key=value</c> and <c>/Key=value</c> are one switch, <c>--Key value</c>
    /// takes the next argument as its value. An argument starting with "/" but without "=" (an absolute recipe path) or
    /// with a single "-" (a password may) is a word, and <c>--var name=value</c> belongs to the command.
    /// </summary>
    public static CommandLineArgs Parse(IReadOnlyList<string> args)
    {
        var configuration = new List<string>();
        var command = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--var")
            {
                command.Add(arg);
                if (i + 1 < args.Count)
                {
                    command.Add(args[++i]);
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                configuration.Add(arg);
                if (!arg.Contains('=') && i + 1 < args.Count)
                {
                    configuration.Add(args[++i]);
                }
            }
            else if (arg.StartsWith('/') && arg.Contains('='))
            {
                configuration.Add(arg);
            }
            else
            {
                command.Add(arg);
            }
        }
        return new CommandLineArgs([.. configuration], [.. command]);
    }

    public static async Task<int> RunAsync(WebApplication app, string[] command)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        try
        {
            switch (command)
            {
                case ["migrate"]:
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    Console.WriteLine("数据库迁移完成。");
                    return 0;
                case ["recipe", "run", var recipe, .. var rest]:
                {
                    var setup = sp.GetRequiredService<SetupService>();
                    var file = setup.ResolveRecipe(recipe);
                    var variables = ParseVariables(rest);
                    await setup.PrepareStoreAsync();
                    // Passwords of users the recipe creates: given with --var, or generated and shown once.
                    foreach (var name in new[] { "adminPassword", "demoPassword" })
                    {
                        if (!variables.ContainsKey(name))
                        {
                            variables[name] = Passwords.Generate();
                            Console.WriteLine($"{name}（仅用于本次新建的用户）：{variables[name]}");
                        }
                    }
                    var result = await sp.GetRequiredService<RecipeRunner>().RunFileAsync(file, variables);
                    Console.WriteLine($"配方 {result.Name} 执行完成：{result.Steps} 步，修改 {result.Changed} 项。");
                    return 0;
                }
                case ["user", "set-password", var userName, var password]:
                {
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    var reset = await sp.GetRequiredService<OperatorPasswordReset>().SetAsync(userName, password);
                    if (!reset.UserFound)
                    {
                        Console.Error.WriteLine($"用户 “{userName}” 不存在。");
                        return 2;
                    }
                    if (!reset.Succeeded)
                    {
                        Console.Error.WriteLine("密码未修改：" + string.Join("；", reset.Errors));
                        return 2;
                    }
                    Console.WriteLine($"用户 “{userName}” 的密码已修改。");
                    return 0;
                }
                case ["audit", "verify"]:
                {
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    var result = await sp.GetRequiredService<AuditVerifier>().VerifyAsync();
                    var anchors = result.LastCheckpoint is { } last ? $"外部检查点 {result.Checkpoints} 个，最后一个为第 {last} 条" : "外部检查点文件中还没有检查点";
                    if (result.Valid)
                    {
                        Console.WriteLine($"审计日志完整：共 {result.Checked} 条记录，密钥校验码、序号和{anchors}均校验通过（密钥 {result.KeyId}）。");
                        return 0;
                    }
                    Console.Error.WriteLine($"审计日志校验失败：共检查 {result.Checked} 条，{anchors}；自第 {result.FirstBrokenSequence} 条起有问题。");
                    foreach (var problem in result.Problems)
                    {
                        Console.Error.WriteLine("  " + problem);
                    }
                    return 3;
                }
                case ["audit", "export", var file, .. var period] when period is [] or [_, _]:
                {
                    await sp.GetRequiredService<SetupService>().PrepareStoreAsync();
                    var clock = TenantClock.For((string?)null, sp.GetRequiredService<TimeProvider>());
                    DateTime? from = period is [var f, _] ? clock.StartOfDayUtc(Day(f)) : null;
                    DateTime? to = period is [_, var t] ? clock.StartOfDayUtc(Day(t).AddDays(1)) : null;
                    var (content, header) = await sp.GetRequiredService<AuditArchive>().ExportAsync(from, to);
                    await File.WriteAllBytesAsync(file, content);
                    Console.WriteLine($"已导出第 {header.FromSequence} 至 {header.ToSequence} 条审计记录（{header.Count} 条）到 {file}。");
                    return 0;
                }
                case ["audit", "verify-archive", var file]:
                {
                    var check = AuditArchive.Verify(sp.GetRequiredService<AuditKeyRing>(), await File.ReadAllBytesAsync(file));
                    if (check.Valid)
                    {
                        Console.WriteLine($"归档完整：第 {check.Header!.FromSequence} 至 {check.Header.ToSequence} 条，共 {check.Header.Count} 条，签名和每条记录的密钥校验码均正确（密钥 {check.Header.KeyId}）。");
                        return 0;
                    }
                    Console.Error.WriteLine("归档校验未通过" + (check.FirstBrokenSequence is { } b ? $"，自第 {b} 条起有问题" : "") + "：");
                    foreach (var problem in check.Problems)
                    {
                        Console.Error.WriteLine("  " + problem);
                    }
                    return 3;
                }
                case ["audit", "purge", .. var before] when before.Length <= 1:
                {
                    await sp.GetRequiredService<SetupService>().PrepareStoreAsync();
                    var clock = TenantClock.For((string?)null, sp.GetRequiredService<TimeProvider>());
                    var purge = await sp.GetRequiredService<AuditArchive>().PurgeAsync(before is [var d] ? clock.StartOfDayUtc(Day(d)) : null);
                    (purge.Done ? Console.Out : Console.Error).WriteLine(purge.Message);
                    return purge.Done ? 0 : 2;
                }
                default:
                    Console.Error.WriteLine("用法：recipe run 文件或名称 [--var 名称=值]... | user set-password 用户名 新密码 | migrate | audit verify | audit export 文件 [起始日 截止日] | audit verify-archive 文件 | audit purge [日期]" +
                        "（配置项可写在命令前后，如 --Store:AppDataPath=目录）");
                    return 2;
            }
        }
        catch (RecipeException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or FileNotFoundException or DirectoryNotFoundException or AuditKeyException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

    private static DateOnly Day(string text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : throw new RecipeException($"无法识别的日期 “{text}”，请写成 yyyy-MM-dd，例如 2026-06-30。");

    private static Dictionary<string, string> ParseVariables(string[] rest)
    {
        var variables = new Dictionary<string, string>();
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] == "--var" && i + 1 < rest.Length && rest[i + 1].Split('=', 2) is [var k, var v])
            {
                variables[k] = v;
                i++;
            }
            else
            {
                throw new RecipeException($"无法识别的参数 “{rest[i]}”（应为 --var 名称=值）。");
            }
        }
        return variables;
    }
}
