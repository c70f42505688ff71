using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes;

namespace NewMediaCms.Web.Setup;

/// <summary>
/// Administrative commands that run instead of the web server:
///   recipe run FILE|NAME [--var name=value]...   apply a recipe to the configured store
///   user set-password USERNAME PASSWORD           reset a password (and lift a lock-out)
///   migrate                                       apply database migrations only
///   audit verify                                  check the audit log's hash chain (exit code 3 when broken)
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "recipe" or "user" or "migrate" or "audit";

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        try
        {
            switch (args)
            {
                case ["migrate"]:
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    Console.WriteLine("数据库迁移完成。");
                    return 0;
                case ["recipe", "run", var recipe, .. var rest]:
                {
                    var setup = sp.GetRequiredService<SetupService>();
                    await setup.PrepareStoreAsync();
                    var variables = ParseVariables(rest);
                    // Passwords of users the recipe creates: given with --var, or generated and shown once.
                    foreach (var name in new[] { "adminPassword", "demoPassword" })
                    {
                        if (!variables.ContainsKey(name))
                        {
                            variables[name] = SetupService.GeneratePassword();
                            Console.WriteLine($"{name}（仅用于本次新建的用户）：{variables[name]}");
                        }
                    }
                    var result = await sp.GetRequiredService<RecipeRunner>().RunFileAsync(setup.ResolveRecipe(recipe), variables);
                    Console.WriteLine($"配方 {result.Name} 执行完成：{result.Steps} 步，修改 {result.Changed} 项。");
                    return 0;
                }
                case ["user", "set-password", var userName, var password]:
                {
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    var users = sp.GetRequiredService<UserManager<NmcUser>>();
                    var user = await users.FindByNameAsync(userName);
                    if (user is null)
                    {
                        Console.Error.WriteLine($"用户 “{userName}” 不存在。");
                        return 2;
                    }
                    var token = await users.GeneratePasswordResetTokenAsync(user);
                    var reset = await users.ResetPasswordAsync(user, token, password);
                    if (!reset.Succeeded)
                    {
                        Console.Error.WriteLine("密码未修改：" + string.Join("；", reset.Errors.Select(e => e.Description)));
                        return 2;
                    }
                    await users.SetLockoutEndDateAsync(user, null);
                    await users.ResetAccessFailedCountAsync(user);
                    Console.WriteLine($"用户 “{userName}” 的密码已修改。");
                    return 0;
                }
                case ["audit", "verify"]:
                {
                    await sp.GetRequiredService<SetupService>().MigrateAsync();
                    var result = await sp.GetRequiredService<NewMediaCms.Audit.AuditVerifier>().VerifyAsync();
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
                    Console.Error.WriteLine("用法：recipe run 文件或名称 [--var 名称=值]... | user set-password 用户名 新密码 | migrate | audit verify");
                    return 2;
            }
        }
        catch (RecipeException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is StoreUnavailableException or FileNotFoundException)
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
