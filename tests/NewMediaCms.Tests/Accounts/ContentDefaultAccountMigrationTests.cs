using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Accounts;

/// <summary>
/// Content stored before every item had an account ("（不指定）") is given its department's site channel by the data
/// migration; a department without one gets it. Run on both stores: the migration is one SQL text for both.
/// </summary>
public sealed class ContentDefaultAccountMigrationTests
{
    private const string Migration = "20261204200000_ContentDefaultAccount";

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.PostgreSql)]
    public async Task Content_without_an_account_moves_to_its_departments_site_channel_which_is_opened_where_missing(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store);
        await using var scope = app.TenantScope(null);
        var db = app.Db(scope);
        var migrator = db.GetService<IMigrator>();
        var migrations = db.Database.GetMigrations().ToList();
        // Back to just before the data migration (its Down changes nothing), then legacy rows without an account.
        await migrator.MigrateAsync(migrations[migrations.IndexOf(Migration) - 1]);
        await db.Database.ExecuteSqlRawAsync("""UPDATE "ContentItems" SET "AccountId" = NULL WHERE "Id" IN (SELECT "ContentItemId" FROM "ContentVersions" WHERE "TenantId" = 'gaj')""");
        await db.Database.ExecuteSqlRawAsync("""UPDATE "ContentVersions" SET "AccountId" = NULL WHERE "TenantId" = 'gaj'""");
        var now = DateTime.UtcNow;
        await using (var cdc = app.TenantScope("cdc"))
        {
            var cdcDb = app.Db(cdc);
            var item = new ContentItem { Id = "cdc-legacy-1", TenantId = "cdc", ContentType = "notice", AccountId = null, Owner = "legacy", CreatedUtc = now };
            item.Versions.Add(new ContentVersion { TenantId = "cdc", Number = 1, Latest = true, Title = "旧通知", Markdown = "正文", ContentHash = "x", CreatedUtc = now, Author = "legacy" });
            cdcDb.Add(item);
            await cdcDb.SaveChangesAsync();
        }
        Assert.True(await db.Set<ContentItem>().AcrossTenants().IgnoreQueryFilters().AnyAsync(i => i.AccountId == null));

        await migrator.MigrateAsync();

        Assert.False(await db.Set<ContentItem>().AcrossTenants().IgnoreQueryFilters().AnyAsync(i => i.AccountId == null));
        Assert.False(await db.Set<ContentVersion>().AcrossTenants().IgnoreQueryFilters().AnyAsync(v => v.AccountId == null));
        Assert.True(await db.Set<ContentItem>().AcrossTenants().Where(i => i.TenantId == "gaj").AllAsync(i => i.AccountId == "gaj-site" || i.AccountId == "gaj-wechat"));
        Assert.Equal("cdc-site", await db.Set<ContentItem>().AcrossTenants().Where(i => i.Id == "cdc-legacy-1").Select(i => i.AccountId).SingleAsync());
        var site = await db.Set<Account>().AcrossTenants().AsNoTracking().SingleAsync(a => a.Id == "cdc-site");
        Assert.Equal(Platform.SiteChannel, site.Platform);
        Assert.Equal(AccountState.Active, site.State);
        Assert.Equal("", site.Url);
    }
}
