using System.Collections.Concurrent;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>
/// A counter per department (Scope = tenant id) or for everything (Scope "*"), raised after every commit that
/// changes what readers see. Other application nodes poll these rows to drop their in-memory read model and cached
/// pages; the node that made the change has already done so.
/// </summary>
internal sealed class PublicChangeStamp
{
    public const string Everything = "*";

    public string Scope { get; set; } = "";

    public long Stamp { get; set; }
}

internal sealed class PublicChangeStampModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PublicChangeStamp>(b =>
        {
            b.ToTable("PublicChangeStamps");
            b.HasKey(s => s.Scope);
            b.Property(s => s.Scope).HasMaxLength(64);
        });
    }
}

/// <summary>
/// Raises and watches the change stamps (see <see cref="PublicChangeStamp"/>). One per process. Raising happens after
/// the commit, on its own connection: a node that sees the new stamp and reloads reads the committed data.
/// </summary>
public sealed class PublicChangeStamps(
    IServiceScopeFactory scopes,
    PublicReadModel readModel,
    TenantRegistry registry,
    IOutputCacheStore cache,
    IOptions<PublicSiteOptions> options,
    ILogger<PublicChangeStamps> logger) : BackgroundService
{
    // Stamps this node has seen (read or raised itself): a stamp above these is another node's change.
    private readonly ConcurrentDictionary<string, long> _known = new(StringComparer.Ordinal);
    private volatile bool _baseline;

    /// <summary>Raises the stamps of the given scopes (tenant ids, or "*"). Failures are logged, not thrown: the data is committed.</summary>
    public async Task RaiseAsync(IReadOnlyCollection<string> scopesChanged, CancellationToken ct)
    {
        if (scopesChanged.Count == 0 || options.Value.ChangePollSeconds <= 0)
        {
            return;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                foreach (var changed in scopesChanged)
                {
                    await using var command = connection.CreateCommand();
                    // ON CONFLICT ... RETURNING: the same statement on SQLite (3.35+) and PostgreSQL; no read-then-write race.
                    command.CommandText = """
                        INSERT INTO "PublicChangeStamps" ("Scope", "Stamp") VALUES (@scope, 1)
                        ON CONFLICT ("Scope") DO UPDATE SET "Stamp" = "PublicChangeStamps"."Stamp" + 1
                        RETURNING "Stamp"
                        """;
                    var p = command.CreateParameter();
                    p.ParameterName = "@scope";
                    p.Value = changed;
                    command.Parameters.Add(p);
                    var stamp = Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
                    _known.AddOrUpdate(changed, stamp, (_, old) => Math.Max(old, stamp));
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(ex, "未能写入公开页面变更标记（{Scopes}）；其他节点将在读模型过期后看到此变更", string.Join(", ", scopesChanged));
        }
    }

    /// <summary>Reads the stamps once and applies the changes other nodes made since the last read.</summary>
    public async Task PollAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var rows = await db.Set<PublicChangeStamp>().AsNoTracking().ToListAsync(ct);
        var changed = new List<string>();
        foreach (var row in rows)
        {
            var known = _known.GetValueOrDefault(row.Scope, 0);
            if (row.Stamp > known)
            {
                _known.AddOrUpdate(row.Scope, row.Stamp, (_, old) => Math.Max(old, row.Stamp));
                if (_baseline)
                {
                    changed.Add(row.Scope);
                }
            }
        }
        if (changed.Count == 0)
        {
            return;
        }
        // Departments may have changed too (theme, name): the registry is cheap to reload.
        registry.Invalidate();
        foreach (var s in changed)
        {
            if (s == PublicChangeStamp.Everything)
            {
                readModel.InvalidateAll();
                await cache.EvictByTagAsync(CacheTags.Public, ct);
            }
            else
            {
                readModel.Invalidate(s);
                await cache.EvictByTagAsync(CacheTags.Tenant(s), ct);
                await cache.EvictByTagAsync(CacheTags.Matrix, ct);
            }
        }
        logger.LogInformation("其他节点的公开内容变更：{Scopes}", string.Join(", ", changed));
    }

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ChangePollSeconds > 0)
        {
            // The baseline is read before the server takes requests: nothing is cached yet that could predate it.
            try
            {
                await PollAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(ex, "未能读取公开页面变更标记");
            }
            // If that read failed, the first one that succeeds treats every stamp as new (evicts once too often, never too rarely).
            _baseline = true;
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.ChangePollSeconds <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.ChangePollSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.LogWarning(ex, "未能读取公开页面变更标记");
            }
        }
    }
}
