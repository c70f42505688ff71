using System.Net;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Tenancy;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Store;

/// <summary>The same store on SQLite (embedded default) and PostgreSQL (scale-out), through migrations and HTTP.</summary>
public sealed class StoreOnBothProvidersTests
{
    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task The_matrix_is_built_migrated_filtered_and_served_on(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store);
        await using (var scope = app.TenantScope(null))
        {
            var db = app.Db(scope);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.NotEmpty(await db.Database.GetAppliedMigrationsAsync());
            Assert.Equal(store == StoreKind.PostgreSql ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite", db.Database.ProviderName);
            Assert.Equal(7, await db.Set<Tenant>().CountAsync());
            Assert.Equal(6, await db.Set<Account>().AcrossTenants().CountAsync());

            // Version flags: exactly one Latest per item, at most one Published.
            var flags = await db.Set<ContentVersion>().AcrossTenants()
                .GroupBy(v => v.ContentItemId)
                .Select(g => new { Latest = g.Count(v => v.Latest), Published = g.Count(v => v.Published) })
                .ToListAsync();
            Assert.All(flags, f => Assert.Equal(1, f.Latest));
            Assert.All(flags, f => Assert.InRange(f.Published, 0, 1));
        }
        await using (var scope = app.TenantScope("wjw"))
        {
            var db = app.Db(scope);
            Assert.Equal(["wjw-n-1"], await db.Set<ContentItem>().Select(i => i.Id).ToListAsync());
            var gajAccount = await db.Set<Account>().AcrossTenants().SingleAsync(a => a.Id == "gaj-site");
            gajAccount.Name = "越权";
            await Assert.ThrowsAsync<NewMediaCms.Core.Data.CrossTenantWriteException>(() => db.SaveChangesAsync());
        }

        var client = app.Client();
        var portal = await client.GetStringAsync("/");
        Assert.Contains("测试县人民政府关于做好冬季安全生产工作的通知", portal);
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", portal);
        var notice = await client.GetAsync("/gaj/notices/gaj-n-1");
        Assert.Equal(HttpStatusCode.OK, notice.StatusCode);
        Assert.Contains("<h2 id=\"user-content-办理地点\">办理地点</h2>", await notice.Content.ReadAsStringAsync());
    }

    [PostgresFact]
    public async Task A_postgres_store_uses_its_own_migrations()
    {
        await using var app = NmcAppFactory.Create(StoreKind.PostgreSql);
        await using var scope = app.TenantScope(null);
        var applied = await app.Db(scope).Database.GetAppliedMigrationsAsync();
        Assert.Contains(applied, m => m.EndsWith("_Initial", StringComparison.Ordinal));
        // timestamptz columns round-trip UTC instants.
        var published = await app.Db(scope).Set<ContentVersion>().AcrossTenants().Where(v => v.Published).Select(v => v.PublishedUtc).FirstAsync();
        Assert.Equal(DateTimeKind.Utc, published!.Value.Kind);
    }
}
