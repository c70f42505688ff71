using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.EntityFrameworkCore.Diagnostics;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Settings;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>Tags of cached public pages: evicting a tag drops every page that shows that data.</summary>
public static class CacheTags
{
    /// <summary>Every public page.</summary>
    public const string Public = "public";

    /// <summary>Pages that aggregate the whole matrix (portal home, portal lists and feeds, sitemap).</summary>
    public const string Matrix = "matrix";

    /// <summary>Pages of one department (the portal tenant's own pages carry its tenant tag too).</summary>
    public static string Tenant(string tenantId) => TenantPrefix + tenantId;

    public const string TenantPrefix = "tenant:";
}

/// <summary>
/// Output cache for anonymous readers. Signed-in users (a sign-in cookie or Authorization header) bypass the cache; the key varies
/// by host, path base, path, every query value and the elder-mode cookie, so a visitor's preference is respected.
/// </summary>
public sealed class PublicPageCachePolicy : IOutputCachePolicy
{
    public const string Name = "public-pages";

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    ValueTask IOutputCachePolicy.CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<PublicSiteOptions>>().Value;
        // The output cache runs before authentication (Program.cs): a request is anonymous when it carries neither the
        // sign-in cookie (valid or not) nor an Authorization header.
        var signInCookie = http.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? "";
        var anonymous = http.User.Identity?.IsAuthenticated != true && !http.Request.Headers.ContainsKey("Authorization")
                        && !http.Request.Cookies.ContainsKey(signInCookie);
        var method = http.Request.Method;
        context.EnableOutputCaching = options.OutputCache;
        context.AllowCacheLookup = anonymous && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method));
        context.AllowCacheStorage = context.AllowCacheLookup;
        context.AllowLocking = true;
        context.ResponseExpirationTimeSpan = Lifetime;
        context.CacheVaryByRules.QueryKeys = "*";
        context.CacheVaryByRules.VaryByValues["elder"] = ElderMode.Read(http.Request).CacheKey;
        context.Tags.Add(CacheTags.Public);
        if (http.RequestServices.GetRequiredService<ITenantContext>().Current is { } tenant)
        {
            // The portal's pages carry both: "matrix" (they aggregate every department) and its own tenant tag.
            context.Tags.Add(CacheTags.Tenant(tenant.Id));
            if (tenant.IsPortal)
            {
                context.Tags.Add(CacheTags.Matrix);
            }
        }
        return ValueTask.CompletedTask;
    }

    ValueTask IOutputCachePolicy.ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    ValueTask IOutputCachePolicy.ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        // Only whole, successful, cookie-free pages are shared between readers.
        if (response.StatusCode != StatusCodes.Status200OK || response.Headers.SetCookie.Count > 0)
        {
            context.AllowCacheStorage = false;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Tags to evict once the unit of work that changed public content has committed. Evicting earlier would let a
/// reader request in between re-render the old data and cache it again (a stale page that lingers for the whole
/// cache lifetime), so handlers only collect tags here and <see cref="CacheEvictionInterceptor"/> evicts after commit.
/// </summary>
public sealed class PendingCacheEvictions(
    IOutputCacheStore store,
    TenantRegistry registry,
    PublicReadModel readModel,
    PublicChangeStamps stamps,
    ILogger<PendingCacheEvictions> logger)
{
    private readonly HashSet<string> _tags = new(StringComparer.Ordinal);
    private bool _tenantsChanged;

    public void Add(params string[] tags)
    {
        lock (_tags)
        {
            _tags.UnionWith(tags);
        }
    }

    /// <summary>
    /// Department rows (theme, name, state...) changed: the in-memory tenant registry is reloaded before the pages are
    /// evicted, so the next request renders with the new department data and not the old snapshot.
    /// </summary>
    public void TenantsChanged()
    {
        lock (_tags)
        {
            _tenantsChanged = true;
        }
    }

    public void Discard()
    {
        lock (_tags)
        {
            _tags.Clear();
            _tenantsChanged = false;
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        string[] tags;
        bool tenantsChanged;
        lock (_tags)
        {
            tags = [.. _tags];
            _tags.Clear();
            tenantsChanged = _tenantsChanged;
            _tenantsChanged = false;
        }
        if (tenantsChanged)
        {
            registry.Invalidate();
        }
        // The read model first: a request that refills an evicted page must render from the new data.
        var changed = new List<string>();
        foreach (var tag in tags)
        {
            if (tag == CacheTags.Public)
            {
                readModel.InvalidateAll();
                changed.Add(PublicChangeStamp.Everything);
            }
            else if (tag.StartsWith(CacheTags.TenantPrefix, StringComparison.Ordinal))
            {
                readModel.Invalidate(tag[CacheTags.TenantPrefix.Length..]);
                changed.Add(tag[CacheTags.TenantPrefix.Length..]);
            }
        }
        foreach (var tag in tags)
        {
            await store.EvictByTagAsync(tag, ct);
        }
        if (tags.Length > 0)
        {
            logger.LogInformation("已清除公开页面缓存：{Tags}", string.Join(", ", tags));
        }
        // Other nodes: they poll the stamps and do the same within PublicSite:ChangePollSeconds.
        await stamps.RaiseAsync(changed, ct);
    }
}

/// <summary>Publish, unpublish and delete change what readers see: the department's pages and the portal's.</summary>
public sealed class ContentCacheEvictionHandler(PendingCacheEvictions pending) :
    IDomainEventHandler<ContentPublished>, IDomainEventHandler<ContentUnpublished>, IDomainEventHandler<ContentDeleted>
{
    public Task HandleAsync(ContentPublished e, NmcDbContext db, CancellationToken ct) => Collect(e.TenantId);

    public Task HandleAsync(ContentUnpublished e, NmcDbContext db, CancellationToken ct) => Collect(e.TenantId);

    public Task HandleAsync(ContentDeleted e, NmcDbContext db, CancellationToken ct) => Collect(e.TenantId);

    private Task Collect(string tenantId)
    {
        pending.Add(CacheTags.Tenant(tenantId), CacheTags.Matrix);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Evicts the collected tags after the data is durable: after SaveChanges when no explicit transaction is open,
/// otherwise after the transaction commits; a rollback or a failed save discards them. Before each save it also
/// collects the tags of settings and department changes found in the change tracker (whoever made them: the admin,
/// a recipe, a job), see <see cref="SiteChangeTags"/>.
/// </summary>
public sealed class CacheEvictionInterceptor(PendingCacheEvictions pending) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        SiteChangeTags.Collect(eventData.Context, pending);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        SiteChangeTags.Collect(eventData.Context, pending);
        return ValueTask.FromResult(result);
    }

    public async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            await pending.FlushAsync(cancellationToken);
        }
        return result;
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            pending.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    public void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        if (eventData.Context?.Database.CurrentTransaction is null)
        {
            pending.Discard();
        }
    }

    public Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        SaveChangesFailed(eventData);
        return Task.CompletedTask;
    }

    public Task TransactionCommittedAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        => pending.FlushAsync(cancellationToken);

    public void TransactionCommitted(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData)
        => pending.FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public Task TransactionRolledBackAsync(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        pending.Discard();
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(System.Data.Common.DbTransaction transaction, TransactionEndEventData eventData) => pending.Discard();
}

/// <summary>
/// Which cached pages a settings or department change affects. Settings of the matrix (Scope "") are the defaults of
/// every site: every public page. A department's own settings: its pages (tenant:{id}; the portal's pages carry
/// their tenant tag as well as "matrix"). A change of a department's theme only: its pages. Any other department change (name, state, prefix, parent, new or removed
/// department) shows in the portal directory, breadcrumbs and other departments' lists: every public page.
/// </summary>
public static class SiteChangeTags
{
    public static void Collect(Microsoft.EntityFrameworkCore.DbContext? db, PendingCacheEvictions pending)
    {
        if (db is null)
        {
            return;
        }
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.State is not (Microsoft.EntityFrameworkCore.EntityState.Added or Microsoft.EntityFrameworkCore.EntityState.Modified or Microsoft.EntityFrameworkCore.EntityState.Deleted))
            {
                continue;
            }
            switch (entry.Entity)
            {
                case Setting setting:
                    pending.Add(setting.Scope == SettingsStore.MatrixScope ? CacheTags.Public : CacheTags.Tenant(setting.Scope));
                    break;
                case NewMediaCms.Accounts.Account account:
                    // Account names and states show on notices, account pages and the portal's directory.
                    pending.Add(CacheTags.Tenant(account.TenantId), CacheTags.Matrix);
                    break;
                case NewMediaCms.Content.Types.ContentTypeRecord:
                    // Field names of a type show on every department's pages.
                    pending.Add(CacheTags.Public);
                    break;
                case Tenant tenant:
                    pending.TenantsChanged();
                    var themeOnly = entry.State == Microsoft.EntityFrameworkCore.EntityState.Modified
                                    && entry.Properties.Where(p => p.IsModified).All(p => p.Metadata.Name == nameof(Tenant.Theme));
                    pending.Add(themeOnly ? CacheTags.Tenant(tenant.Id) : CacheTags.Public);
                    break;
            }
        }
    }
}
