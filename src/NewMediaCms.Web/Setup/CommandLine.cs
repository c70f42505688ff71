using NewMediaCms.Audit;
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
///   audit verify                                  check the audit log's hash chain (exit code 3 when broken)
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
                    if (result.Valid)
                    {
                        Console.WriteLine($"审计日志完整：共 {result.Checked} 条记录，哈希链校验通过。");
                        return 0;
                    }
                    Console.Error.WriteLine($"审计日志校验失败：共检查 {result.Checked} 条，自第 {result.FirstBrokenSequence} 条起链条断裂。");
                    foreach (var problem in result.Problems)
                    {
                        Console.Error.WriteLine("  " + problem);
                    }
                    return 3;
                }
                default:
                    Console.Error.WriteLine("用法：recipe run 文件或名称 [--var 名称=值]... | user set-password 用户名 新密码 | migrate | audit verify" +
                        "（配置项可写在命令前后，如 --Store:AppDataPath=目录）");
                    return 2;
            }
        }
        catch (RecipeException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or FileNotFoundException or DirectoryNotFoundException)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
    }

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
