using System.Linq.Expressions;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Core.Data;

/// <summary>
/// The one store. Capabilities add their entities through <see cref="IModelContributor"/>; every
/// <see cref="ITenantOwned"/> row gets the named query filter <see cref="TenantFilter"/>, and writes that
/// cross the tenant boundary outside a matrix scope are refused.
/// </summary>
public sealed class NmcDbContext(
    DbContextOptions<NmcDbContext> options,
    ITenantContext tenant,
    IEnumerable<IModelContributor> contributors,
    IServiceProvider services) : IdentityDbContext<NmcUser, NmcRole, string>(options)
{
    public const string TenantFilter = "Tenant";

    private readonly List<IDomainEvent> _pendingEvents = [];

    /// <summary>
    /// Raises a domain event. Its handlers run at the next SaveChangesAsync, before the save, so what they
    /// write (outbox rows, audit entries) is saved in the same transaction as the change itself.
    /// </summary>
    public void Raise(IDomainEvent domainEvent) => _pendingEvents.Add(domainEvent);

    /// <summary>Read by the tenant query filter; EF parameterises it per context instance.</summary>
    public string? CurrentTenantId => tenant.TenantId;

    public ITenantContext Tenant => tenant;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.Entity<NmcUser>(b =>
        {
            b.Property(u => u.TenantId).HasMaxLength(64);
            b.Property(u => u.DisplayName).HasMaxLength(100);
            b.HasIndex(u => u.TenantId);
        });
        builder.Entity<NmcRole>().Property(r => r.DisplayName).HasMaxLength(100);

        foreach (var contributor in contributors)
        {
            contributor.Configure(builder);
        }

        var utc = new ValueConverter<DateTime, DateTime>(v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
            v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        var utcNullable = new ValueConverter<DateTime?, DateTime?>(v => v == null ? v : v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime(),
            v => v == null ? v : DateTime.SpecifyKind(v.Value, DateTimeKind.Utc));

        foreach (var entityType in builder.Model.GetEntityTypes())
        {
            foreach (var property in entityType.GetProperties())
            {
                if (property.ClrType == typeof(DateTime))
                {
                    property.SetValueConverter(utc);
                }
                else if (property.ClrType == typeof(DateTime?))
                {
                    property.SetValueConverter(utcNullable);
                }
            }

            if (typeof(ITenantOwned).IsAssignableFrom(entityType.ClrType) && entityType.BaseType is null)
            {
                builder.Entity(entityType.ClrType).HasQueryFilter(TenantFilter, BuildTenantFilter(entityType.ClrType));
                builder.Entity(entityType.ClrType).Property(nameof(ITenantOwned.TenantId)).HasMaxLength(64).IsRequired();
            }
        }
    }

    private LambdaExpression BuildTenantFilter(Type entityClrType)
    {
        // e => e.TenantId == this.CurrentTenantId
        var e = Expression.Parameter(entityClrType, "e");
        var body = Expression.Equal(
            Expression.Property(e, nameof(ITenantOwned.TenantId)),
            Expression.Property(Expression.Constant(this), nameof(CurrentTenantId)));
        return Expression.Lambda(body, e);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        if (_pendingEvents.Count > 0)
        {
            throw new InvalidOperationException("有待处理的领域事件：请使用 SaveChangesAsync。");
        }
        GuardTenantBoundary();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        await DispatchEventsAsync(cancellationToken);
        GuardTenantBoundary();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private async Task DispatchEventsAsync(CancellationToken cancellationToken)
    {
        // Handlers may raise further events; drain until none are left.
        for (var round = 0; _pendingEvents.Count > 0; round++)
        {
            if (round > 10)
            {
                throw new InvalidOperationException("领域事件处理出现循环。");
            }
            var batch = _pendingEvents.ToList();
            _pendingEvents.Clear();
            foreach (var domainEvent in batch)
            {
                foreach (var handlerType in HandlerTypes(domainEvent.GetType()))
                {
                    foreach (var handler in services.GetServices(handlerType))
                    {
                        await (Task)HandleMethod(handlerType).Invoke(handler, [domainEvent, this, cancellationToken])!;
                    }
                }
            }
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type[]> HandlerTypeCache = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.MethodInfo> HandleMethodCache = new();

    /// <summary>
    /// The handler interfaces an event is dispatched to: its own type, then every event contract it implements
    /// (<see cref="IAuditableEvent"/>), so one handler can serve every event of a kind.
    /// </summary>
    public static IReadOnlyList<Type> HandlerTypes(Type eventType) => HandlerTypeCache.GetOrAdd(eventType, t =>
        [.. new[] { t }.Concat(t.GetInterfaces().Where(i => i != typeof(IDomainEvent) && typeof(IDomainEvent).IsAssignableFrom(i)))
            .Select(e => typeof(IDomainEventHandler<>).MakeGenericType(e))]);

    private static System.Reflection.MethodInfo HandleMethod(Type handlerType) => HandleMethodCache.GetOrAdd(handlerType,
        h => h.GetMethod(nameof(IDomainEventHandler<IDomainEvent>.HandleAsync))!);

    private void GuardTenantBoundary()
    {
        foreach (var entry in ChangeTracker.Entries<ITenantOwned>())
        {
            if (entry.State is EntityState.Unchanged or EntityState.Detached)
            {
                continue;
            }
            if (entry.State == EntityState.Added && string.IsNullOrEmpty(entry.Entity.TenantId))
            {
                entry.Entity.TenantId = tenant.TenantId
                    ?? throw new CrossTenantWriteException($"{entry.Metadata.ClrType.Name} 没有所属部门，且当前没有部门上下文。");
            }
            if (tenant.InMatrixScope)
            {
                continue;
            }
            var original = entry.State == EntityState.Added ? entry.Entity.TenantId : (string?)entry.OriginalValues[nameof(ITenantOwned.TenantId)];
            if (entry.Entity.TenantId != tenant.TenantId || original != tenant.TenantId)
            {
                throw new CrossTenantWriteException(
                    $"拒绝跨部门写入：{entry.Metadata.ClrType.Name} 属于部门 {original}，当前部门为 {tenant.TenantId ?? "（无）"}。");
            }
        }
    }
}

public sealed class CrossTenantWriteException(string message) : InvalidOperationException(message);

public static class TenantQueryExtensions
{
    /// <summary>The explicit matrix scope for reads: lifts only the tenant filter, keeps every other filter.</summary>
    public static IQueryable<T> AcrossTenants<T>(this IQueryable<T> query) where T : class
        => query.IgnoreQueryFilters([NmcDbContext.TenantFilter]);
}
