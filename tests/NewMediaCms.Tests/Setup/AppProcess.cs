using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace NewMediaCms.Tests.Setup;

/// <summary>The built application run as an operator runs it: <c>dotnet NewMediaCms.Web.dll ARGS</c>, in a process of its own.</summary>
internal static class AppProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "NewMediaCms.Web.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", "http://127.0.0.1:0", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[k] = v;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException("应用没有自行退出（启动了网站而不是执行命令？）。输出：" + await stdout + await stderr);
        }
        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A fresh App_Data folder for one test; deleted with the returned scope.</summary>
    public static TempAppData NewAppData() => new(Path.Combine(Path.GetTempPath(), "nmc-tests", Guid.NewGuid().ToString("N")));

    internal sealed class TempAppData(string path) : IDisposable
    {
        public string Path { get; } = path;

        /// <summary>One column of a query over the SQLite store the process left in this folder.</summary>
        public List<string> Query(string sql)
        {
            var file = System.IO.Path.Combine(Path, "newmediacms.db");
            Assert.True(File.Exists(file), "the command created the store in the folder its switch named");
            using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(reader.IsDBNull(0) ? "" : reader.GetString(0));
            }
            return values;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // Not there (the command failed before creating it) or still held: the temp folder is cleaned later.
            }
        }
    }
}
