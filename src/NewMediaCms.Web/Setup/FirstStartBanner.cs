using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace NewMediaCms.Web.Setup;

/// <summary>Tells the administrator in the console where the site is and how to sign in.</summary>
public static class FirstStartBanner
{
    public static void Print(WebApplication app, FirstStartCredentials? credentials, string contentRoot)
    {
        var address = app.Services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var appData = app.Configuration["Store:AppDataPath"] ?? "App_Data";
        var file = Path.Combine(Path.IsPathRooted(appData) ? appData : Path.Combine(contentRoot, appData), "initial-credentials.txt");
        var lines = new List<string>
        {
            "",
            "======== NewMediaCms 政务新媒体矩阵内容管理系统 ========",
            $"门户首页：{address}/",
            $"管理后台：{address}/admin/login",
        };
        if (credentials is not null)
        {
            var text = string.Join(Environment.NewLine,
                $"系统管理员  用户名 admin  初始密码 {credentials.AdminPassword}",
                $"演示用户（matrix.admin、auditor、audit.admin（审计管理员）、gaj.editor、gaj.reviewer1 等）初始密码 {credentials.DemoPassword}");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text + Environment.NewLine);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            lines.Add("首次启动，已按配方建立矩阵。");
            lines.Add(text);
            lines.Add($"（以上初始密码已保存到 {file}，仅本机管理员可读；登录后请修改。）");
        }
        else
        {
            lines.Add($"初始密码见 {file}（首次启动时生成）。");
        }
        lines.Add("忘记密码：dotnet run --project src/NewMediaCms.Web -- user set-password admin 新密码");
        lines.Add("=========================================================");
        Console.WriteLine(string.Join(Environment.NewLine, lines));
    }
}
