namespace NewMediaCms.Tests.Infrastructure;

public enum StoreKind
{
    Sqlite,
    PostgreSql,
}

/// <summary>
/// Where the PostgreSQL tests connect: NMC_TEST_POSTGRES, a connection string to a database the role may create
/// databases from (the test script sets it). Each factory gets a database of its own.
/// </summary>
public static class TestStores
{
    public const string PostgresVariable = "NMC_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } cs ? cs : null;

    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string RequirePostgres()
        => PostgresConnectionString ?? throw new InvalidOperationException(
            $"PostgreSQL 测试需要环境变量 {PostgresVariable}（scripts/test.sh 会安装并启动 PostgreSQL 并设置它）。");

    public static IEnumerable<object[]> Both()
    {
        yield return [StoreKind.Sqlite];
        // In CI PostgreSQL must be there: its absence fails the test instead of skipping it.
        if (PostgresConnectionString is not null || InCi)
        {
            yield return [StoreKind.PostgreSql];
        }
    }
}

/// <summary>A fact that needs PostgreSQL: skipped on a developer machine without it, never skipped in CI.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestStores.PostgresConnectionString is null && !TestStores.InCi)
        {
            Skip = $"未设置 {TestStores.PostgresVariable}：本机没有 PostgreSQL（scripts/test.sh 会准备好它）。";
        }
    }
}
