using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Editorial;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Inspection;

/// <summary>
/// NM-D13 (未经完整审核发布) on the real editorial records: the editorial capability registers the evidence, a run
/// evaluates the rule, and only versions whose valid approvals fall short of their department's chain are found.
/// Each test has its own application because the department's chain is part of what it sets up.
/// </summary>
public sealed class ReviewChainRuleTests
{
    [Fact]
    public async Task With_the_default_chain_a_post_through_all_three_levels_passes_and_seeded_content_without_review_records_is_found()
    {
        await using var app = NewApp();
        var desk = new EditorialDesk(app);
        var reviewed = await desk.ApprovedAsync("三审后发布的通知");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, reviewed))).Ok);

        var run = await RunAsync(app);
        Assert.True(Evaluated(run), "NM-D13 is evaluated once the editorial capability provides the evidence");
        var findings = await FindingsAsync(app, run);
        Assert.DoesNotContain(findings, f => Evidence(f).Contains(reviewed));
        // gaj-n-1 is seeded by the test recipe (published two days ago) and never went through review.
        var seeded = Assert.Single(findings, f => Evidence(f).Contains("gaj-n-1"));
        Assert.Equal("gaj-site", seeded.AccountId);
        Assert.Contains("0/3 级", seeded.Message);
        Assert.Contains("无审核记录", Evidence(seeded));
        Assert.Equal(2, seeded.Points);
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task With_a_configured_two_level_chain_two_valid_approvals_pass_and_a_voided_second_approval_is_found_with_the_missing_level(StoreKind store)
    {
        await using var app = NewApp(store);
        var desk = new EditorialDesk(app);
        var saved = await desk.InAsync("gaj", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(People.Admin,
            [new ReviewLevel(1, "初审", Core.Identity.Roles.Reviewer, []), new ReviewLevel(2, "终审（分管领导）", Core.Identity.Roles.Reviewer, [])]));
        Assert.True(saved.Ok, saved.Message);

        var complete = await TwoLevelPublishedAsync(desk, "两级审核后发布");
        var tampered = await TwoLevelPublishedAsync(desk, "终审记录被作废的通知");
        var evidence = await EvidenceAsync(app);
        Assert.DoesNotContain(evidence, p => p.ContentItemId == complete);
        Assert.DoesNotContain(evidence, p => p.ContentItemId == tampered);

        // The second approval is voided after publication (as an edit of the approved content would do).
        await using (var scope = app.TenantScope("gaj"))
        {
            var db = app.Db(scope);
            var second = await db.Set<ReviewApproval>().SingleAsync(a => a.ContentItemId == tampered && a.Level == 2);
            second.Voided = true;
            await db.SaveChangesAsync();
        }
        evidence = await EvidenceAsync(app);
        Assert.DoesNotContain(evidence, p => p.ContentItemId == complete);
        var found = Assert.Single(evidence, p => p.ContentItemId == tampered);
        Assert.Equal((2, 1), (found.RequiredLevels, found.ApprovedLevels));
        Assert.Contains("第 2 级“终审（分管领导）”", found.Detail);
        Assert.DoesNotContain("第 1 级", found.Detail);

        var run = await RunAsync(app);
        var finding = Assert.Single(await FindingsAsync(app, run), f => Evidence(f).Contains(tampered));
        Assert.Contains("（1/2 级）", finding.Message);
        Assert.Contains("终审记录被作废的通知", finding.Message);
    }

    [Fact]
    public async Task An_approval_of_other_content_than_what_was_published_does_not_count()
    {
        await using var app = NewApp();
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("审核后内容被改写");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        Assert.DoesNotContain(await EvidenceAsync(app), p => p.ContentItemId == id);

        // The published text changes outside the editorial path: the approvals were given for another hash.
        await using (var scope = app.TenantScope("gaj"))
        {
            var db = app.Db(scope);
            var published = await db.Set<NewMediaCms.Content.ContentVersion>().SingleAsync(v => v.ContentItemId == id && v.Published);
            published.ContentHash = "0000000000000000000000000000000000000000000000000000000000000000";
            await db.SaveChangesAsync();
        }
        var found = Assert.Single(await EvidenceAsync(app), p => p.ContentItemId == id);
        Assert.Equal((3, 0), (found.RequiredLevels, found.ApprovedLevels));
        Assert.Contains("第 1 级", found.Detail);
    }

    [Fact]
    public async Task A_post_published_before_the_department_lengthened_its_chain_is_not_found_but_the_switched_off_rule_finds_nothing_at_all()
    {
        await using var app = NewApp();
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("三审时代发布");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        ((FakeTimeProvider)app.Clock!).Advance(TimeSpan.FromDays(1));   // the department changes its chain the next day
        var saved = await desk.InAsync("gaj", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(People.Admin,
        [
            new ReviewLevel(1, "初审", Core.Identity.Roles.Reviewer, []), new ReviewLevel(2, "复审", Core.Identity.Roles.Reviewer, []),
            new ReviewLevel(3, "终审", Core.Identity.Roles.Reviewer, []), new ReviewLevel(4, "主要领导", Core.Identity.Roles.Reviewer, []),
        ]));
        Assert.True(saved.Ok, saved.Message);
        var evidence = await EvidenceAsync(app);
        Assert.DoesNotContain(evidence, p => p.ContentItemId == id);
        Assert.Contains(evidence, p => p.ContentItemId == "gaj-n-1");   // still no record at all: found whatever the chain

        // Switched off by the jurisdiction: evaluated as off, no findings.
        await using (var scope = app.TenantScope(null))
        {
            var store = scope.ServiceProvider.GetRequiredService<InspectionSettingsStore>();
            var settings = await store.GetAsync(CancellationToken.None);
            settings.Rules["NM-D13"].Enabled = false;
            await store.SaveAsync(settings, CancellationToken.None);
        }
        var run = await RunAsync(app);
        Assert.DoesNotContain(await FindingsAsync(app, run), f => f.RuleId == "NM-D13");
    }

    [Fact]
    public async Task The_snapshot_reads_the_evidence_window_in_two_halves_and_finds_exactly_what_one_read_of_the_window_finds()
    {
        await using var app = NewApp();
        var now = app.Clock!.GetUtcNow().UtcDateTime;
        IReadOnlyList<UnreviewedPost> whole;
        await using (var scope = app.TenantScope(null))
        {
            whole = await scope.ServiceProvider.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(now.AddDays(-90), now, CancellationToken.None);
        }
        // The recipe's seeded posts never went through review, at different times: both halves have some.
        Assert.True(whole.Select(p => p.PublishedUtc).Distinct().Count() >= 3, $"{whole.Count} posts short of their chain");

        await using var read = app.TenantScope(null);
        var settings = await read.ServiceProvider.GetRequiredService<InspectionSettingsStore>().GetAsync(CancellationToken.None);
        var calendar = read.ServiceProvider.GetRequiredService<CalendarProvider>().Get(settings);
        var snapshot = await read.ServiceProvider.GetRequiredService<SnapshotBuilder>().BuildAsync(now, settings, calendar, CancellationToken.None);

        Assert.Equal(whole.Select(p => (p.ContentItemId, p.PublishedUtc, p.Detail)), snapshot.Unreviewed!.Select(p => (p.ContentItemId, p.PublishedUtc, p.Detail)));
    }

    /// <summary>The test county on a fake clock (now), so that "later" is a step of the clock, not a wait.</summary>
    private static NmcAppFactory NewApp(StoreKind store = StoreKind.Sqlite)
    {
        var app = NmcAppFactory.Create(store);
        app.Clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return app;
    }

    private static async Task<string> TwoLevelPublishedAsync(EditorialDesk desk, string title)
    {
        var id = await desk.SubmittedAsync(title);
        Assert.True((await desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
        var last = await desk.DoAsync(s => s.ApproveAsync(People.Reviewer2, id));
        Assert.Contains("全部审核完成", last.Message);
        var published = await desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(published.Ok, published.Message);
        return id;
    }

    private static async Task<IReadOnlyList<UnreviewedPost>> EvidenceAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        var now = app.Clock!.GetUtcNow().UtcDateTime;
        return await scope.ServiceProvider.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(now.AddDays(-90), now.AddMinutes(1), CancellationToken.None);
    }

    private static async Task<InspectionRun> RunAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        var run = await scope.ServiceProvider.GetRequiredService<InspectionRunner>().RunAsync("测试", CancellationToken.None);
        Assert.Equal(RunState.Succeeded, run.State);
        return run;
    }

    private static async Task<List<InspectionFinding>> FindingsAsync(NmcAppFactory app, InspectionRun run)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == run.Id && f.RuleId == "NM-D13").ToListAsync();
    }

    /// <summary>The evidence as a person reads it (labels, values, linked content ids), unescaped.</summary>
    private static string Evidence(InspectionFinding f)
    {
        using var doc = JsonDocument.Parse(f.EvidenceJson);
        return string.Join(" | ", doc.RootElement.EnumerateArray().SelectMany(e => e.EnumerateObject()).Select(p => p.Value.ToString()));
    }

    private static bool Evaluated(InspectionRun run)
    {
        using var doc = JsonDocument.Parse(run.RulesJson);
        var rule = doc.RootElement.EnumerateArray().Single(r => r.GetProperty("ruleId").GetString() == "NM-D13");
        return rule.GetProperty("evaluated").GetBoolean();
    }
}
