using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Content;

/// <summary>"Due" is one expression: due at its instant, not a moment before, still due after; the same in memory and in the store.</summary>
public sealed class ContentScheduleTests
{
    private static readonly DateTime Due = new(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc);
    private static readonly TimeSpan Moment = TimeSpan.FromMilliseconds(1);

    private static ContentVersion Draft(bool latest = true, bool published = false) => new() { Latest = latest, Published = published, PublishAtUtc = Due, UnpublishAtUtc = Due };

    [Fact]
    public void A_publication_is_due_at_its_instant_not_a_moment_before_and_still_after()
    {
        Assert.False(ContentSchedule.IsPublicationDue(Draft(), Due - Moment));
        Assert.True(ContentSchedule.IsPublicationDue(Draft(), Due));
        Assert.True(ContentSchedule.IsPublicationDue(Draft(), Due + Moment));
    }

    [Fact]
    public void Only_the_latest_unpublished_version_is_due_for_publication()
    {
        Assert.False(ContentSchedule.IsPublicationDue(Draft(latest: false), Due));
        Assert.False(ContentSchedule.IsPublicationDue(Draft(published: true), Due));
        Assert.False(ContentSchedule.IsPublicationDue(new ContentVersion { Latest = true }, Due));
    }

    [Fact]
    public void An_expiry_is_due_at_its_instant_and_only_while_the_version_is_public()
    {
        Assert.False(ContentSchedule.IsExpiryDue(Draft(published: true), Due - Moment));
        Assert.True(ContentSchedule.IsExpiryDue(Draft(published: true), Due));
        Assert.True(ContentSchedule.IsExpiryDue(Draft(published: true), Due + Moment));
        Assert.False(ContentSchedule.IsExpiryDue(Draft(), Due));
        Assert.True(ContentSchedule.IsExpiryPlanned(Draft(), Due));
    }

    [Fact]
    public void A_window_holds_the_instants_after_its_start_up_to_and_including_its_end()
    {
        Assert.False(ContentSchedule.IsPublicationDue(Draft(), Due + Moment, afterUtc: Due));
        Assert.True(ContentSchedule.IsPublicationDue(Draft(), Due, afterUtc: Due - Moment));
        var (after, upTo) = ContentSchedule.HalfOpen(Due, Due.AddDays(1));
        Assert.True(ContentSchedule.IsPublicationDue(Draft(), upTo, after));
        Assert.False(ContentSchedule.IsPublicationDue(Draft(), ContentSchedule.HalfOpen(Due - TimeSpan.FromDays(1), Due).UpTo, ContentSchedule.HalfOpen(Due - TimeSpan.FromDays(1), Due).After));
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task The_store_finds_a_publication_due_at_its_instant_not_a_moment_before(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store);
        var desk = new EditorialDesk(app);
        var created = await desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new NewMediaCms.Editorial.DraftInput("notice", "gaj-site", "到点发布", "正文", null, Due)));
        Assert.True(created.Ok, created.Message);
        var versionId = created.VersionId!.Value;

        async Task<bool> DueAtAsync(DateTime upTo, DateTime? after = null)
        {
            await using var scope = app.TenantScope("gaj");
            var ids = await scope.ServiceProvider.GetRequiredService<ContentStore>().DueIdsAsync(ContentSchedule.PublicationDue(upTo, after), 0, 100);
            var inMemory = ContentSchedule.IsPublicationDue(await app.Db(scope).Set<ContentVersion>().AsNoTracking().SingleAsync(v => v.Id == versionId), upTo, after);
            Assert.Equal(inMemory, ids.Contains(versionId));
            return ids.Contains(versionId);
        }

        Assert.False(await DueAtAsync(Due - Moment));
        Assert.True(await DueAtAsync(Due));
        Assert.True(await DueAtAsync(Due + Moment));
        Assert.False(await DueAtAsync(Due + Moment, after: Due));
    }
}
