using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Audit;

/// <summary>The audit administrator's log page: times and the date filter on the county's clock; viewing, checking and exporting are themselves audited.</summary>
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
        var admin = await app.SignInAsync("audit.admin");

        var localDay = await admin.GetStringAsync("/admin/audit?action=user.signed-in&from=2026-03-02&to=2026-03-02");
        Assert.Contains("2026-03-02 00:30", localDay);
        Assert.Contains("共 1 条", localDay);
        var utcDay = await admin.GetStringAsync("/admin/audit?action=user.signed-in&from=2026-03-01&to=2026-03-01");
        Assert.Contains("共 0 条", utcDay);
    }

    [Fact]
    public async Task Checking_the_chain_from_the_page_leaves_an_entry_saying_who_checked_and_what_was_found()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("audit.admin");
        var token = Token().Match(await admin.GetStringAsync("/admin/audit?actor=gaj.editor")).Groups[1].Value;

        var verify = await admin.PostAsync("/admin/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        Assert.Contains("校验通过", await verify.Content.ReadAsStringAsync());
        await using var scope = app.TenantScope(null);
        var entries = app.Db(scope).Set<AuditEntry>().AsNoTracking();
        var viewed = await entries.SingleAsync(e => e.Action == "audit.viewed");
        Assert.Equal("audit.admin", viewed.Actor);
        Assert.Contains("用户 gaj.editor", viewed.Detail);
        var entry = await entries.SingleAsync(e => e.Action == "audit.verified");
        Assert.Equal(("audit.admin", "valid"), (entry.Actor, entry.After));
        Assert.StartsWith("校验 ", entry.Detail);
    }

    [Fact]
    public async Task A_period_exported_from_the_page_is_a_signed_archive_that_verifies_and_the_export_is_audited()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("audit.admin");
        var token = Token().Match(await admin.GetStringAsync("/admin/audit")).Groups[1].Value;

        var export = await admin.PostAsync("/admin/audit?handler=Export", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var content = await export.Content.ReadAsByteArrayAsync();
        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        var check = AuditArchive.Verify(keys, content);
        Assert.True(check.Valid, string.Join("\n", check.Problems));
        Assert.Equal(1, check.Header!.FromSequence);
        await using var scope = app.TenantScope(null);
        var exported = await app.Db(scope).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "audit.exported");
        Assert.Equal("audit.admin", exported.Actor);
        Assert.Equal(check.Header.ToSequence + 1, exported.Sequence); // the export's own entry follows what it exported

        var backwards = await admin.PostAsync("/admin/audit?handler=Export", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["from"] = "2026-03-02", ["to"] = "2026-03-01",
        }));
        var page = await backwards.Content.ReadAsStringAsync();
        Assert.Contains("截止日期早于起始日期", page);
        Assert.Contains("value=\"2026-03-02\"", page); // what was typed stays
    }
}
