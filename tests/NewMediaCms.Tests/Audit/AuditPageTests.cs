using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Audit;

/// <summary>The audit log page: times and the date filter on the department's clock; checking the chain is itself audited.</summary>
public sealed partial class AuditPageTests
{
    // 16:30 UTC on 1 March is 00:30 on 2 March in the county (Asia/Shanghai, UTC+8).
    private static readonly DateTimeOffset SignInTime = new(2026, 3, 1, 16, 30, 0, TimeSpan.Zero);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task Entries_are_shown_and_filtered_by_day_on_the_departments_clock()
    {
        await using var app = NmcAppFactory.Create();
        app.Clock = new FakeTimeProvider(SignInTime);
        var admin = await app.SignInAsync("gaj.admin");

        var localDay = await admin.GetStringAsync("/gaj/admin/audit?action=user.signed-in&from=2026-03-02&to=2026-03-02");
        Assert.Contains("2026-03-02 00:30", localDay);
        Assert.Contains("共 1 条", localDay);
        var utcDay = await admin.GetStringAsync("/gaj/admin/audit?action=user.signed-in&from=2026-03-01&to=2026-03-01");
        Assert.Contains("共 0 条", utcDay);
    }

    [Fact]
    public async Task Checking_the_chain_from_the_page_leaves_an_entry_saying_who_checked_and_what_was_found()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");
        var token = Token().Match(await admin.GetStringAsync("/gaj/admin/audit")).Groups[1].Value;

        var verify = await admin.PostAsync("/gaj/admin/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Contains("校验通过", await verify.Content.ReadAsStringAsync());
        await using var scope = app.TenantScope(null);
        var entry = await app.Db(scope).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "audit.verified");
        Assert.Equal(("gaj.admin", "gaj", "valid"), (entry.Actor, entry.TenantId, entry.After));
        Assert.StartsWith("校验 ", entry.Detail);
    }
}
