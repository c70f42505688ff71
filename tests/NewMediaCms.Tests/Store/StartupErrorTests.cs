using System.Diagnostics;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Store;

/// <summary>A store that cannot be reached stops the start-up with a message naming the setting to fix.</summary>
public sealed class StartupErrorTests
{
    internal static async Task<(int ExitCode, string Output)> StartAsync(Dictionary<string, string> environment)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NewMediaCms.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["Store__AppDataPath"] = Path.Combine(Path.GetTempPath(), "nmc-tests", Guid.NewGuid().ToString("N"));
        foreach (var (k, v) in environment)
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("应用没有因配置错误而退出。输出：" + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task An_unreachable_postgres_stops_start_up_naming_the_connection_setting()
    {
        var (exitCode, output) = await StartAsync(new()
        {
            ["Store__Provider"] = "PostgreSql",
            ["Store__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=nmc;Username=nmc;Password=x;Timeout=3",
        });
        Assert.Equal(1, exitCode);
        Assert.Contains("Store:ConnectionString", output);
        Assert.Contains("Store__ConnectionString", output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task Postgres_without_a_connection_string_stops_start_up_naming_the_setting()
    {
        var (exitCode, output) = await StartAsync(new() { ["Store__Provider"] = "PostgreSql" });
        Assert.Equal(1, exitCode);
        Assert.Contains("Store:ConnectionString", output);
    }
}
