using System.Collections.Concurrent;
using System.Net;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Jobs;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Jobs;

/// <summary>A job that reports which department it ran in and what the tenant filter let it see.</summary>
public sealed class ProbeJob(ITenantContext tenant, NmcDbContext db)
{
    public static readonly ConcurrentDictionary<string, (string? TenantId, string[] AccountIds)> Seen = new();

    public async Task RunInTenantAsync(string tenantId, string probe)
        => Seen[probe] = (tenant.TenantId, await db.Set<Account>().Select(a => a.Id).OrderBy(id => id).ToArrayAsync());

    public async Task RunWithoutTenantAsync(string probe)
        => Seen[probe] = (tenant.TenantId, await db.Set<Account>().Select(a => a.Id).ToArrayAsync());
}

public sealed class JobsTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _app.Settings["Jobs:RunServer"] = "true";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<(string? TenantId, string[] AccountIds)> WaitForAsync(string probe)
    {
        for (var i = 0; i < 300; i++)
        {
            if (ProbeJob.Seen.TryGetValue(probe, out var seen))
            {
                return seen;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"任务 {probe} 没有在 30 秒内运行。");
    }

    [Fact]
    public async Task A_job_with_a_tenant_id_runs_inside_that_department_and_sees_only_its_rows()
    {
        var jobs = _app.Services.GetRequiredService<IBackgroundJobClient>();
        var gaj = Guid.NewGuid().ToString("N");
        var wjw = Guid.NewGuid().ToString("N");
        jobs.Enqueue<ProbeJob>(j => j.RunInTenantAsync("gaj", gaj));
        jobs.Enqueue<ProbeJob>(j => j.RunInTenantAsync("wjw", wjw));

        var inGaj = await WaitForAsync(gaj);
        Assert.Equal("gaj", inGaj.TenantId);
        Assert.Equal(["gaj-site", "gaj-wechat"], inGaj.AccountIds);
        var inWjw = await WaitForAsync(wjw);
        Assert.Equal("wjw", inWjw.TenantId);
        Assert.Equal(["wjw-site"], inWjw.AccountIds);
    }

    [Fact]
    public async Task A_job_without_a_tenant_id_runs_with_no_department_and_sees_no_department_rows()
    {
        var probe = Guid.NewGuid().ToString("N");
        _app.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ProbeJob>(j => j.RunWithoutTenantAsync(probe));
        var seen = await WaitForAsync(probe);
        Assert.Null(seen.TenantId);
        Assert.Empty(seen.AccountIds);
    }

    [Fact]
    public void The_tenant_of_a_job_is_read_from_its_tenantId_argument()
    {
        var job = Hangfire.Common.Job.FromExpression<ProbeJob>(j => j.RunInTenantAsync("cdc", "x"));
        Assert.Equal("cdc", TenantJobActivator.TenantOf(job));
        Assert.Null(TenantJobActivator.TenantOf(Hangfire.Common.Job.FromExpression<ProbeJob>(j => j.RunWithoutTenantAsync("cdc"))));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("gaj.admin", HttpStatusCode.Forbidden)]
    [InlineData("auditor", HttpStatusCode.Forbidden)]
    [InlineData("matrix.admin", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    public async Task The_jobs_dashboard_is_for_system_and_matrix_administrators_only(string? user, HttpStatusCode expected)
    {
        var client = user is null ? _app.Client() : await _app.SignInAsync(user);
        var response = await client.GetAsync("/admin/jobs");
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var html = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Data Source=", html);
            Assert.DoesNotContain("Password=", html);
        }
    }
}
