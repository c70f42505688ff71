using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Audit;

/// <summary>
/// Links the audit entries of a save to the chain at the last moment, under a lock on the head row, so that
/// concurrent writers queue up instead of forking the chain or failing. Inside the save's transaction (the
/// caller's, or one opened here) it takes the lock — PostgreSQL: SELECT ... FOR UPDATE; SQLite: the
/// transaction is BEGIN IMMEDIATE, so it already holds the database's write lock — reads the head, numbers
/// and hashes the new entries, and moves the head. A second writer waits for the first to commit and then
/// appends after it. Each entry is sealed with the keyed MAC (<see cref="AuditChain.Seal"/>). When a save of its own
/// transaction carries the chain past a multiple of <see cref="AuditOptions.CheckpointEvery"/>, a checkpoint goes to
/// the anchor file after the commit (never before: a rolled-back entry must not be anchored).
/// </summary>
internal sealed class AuditChainInterceptor(AuditKeyRing keys, AuditAnchor anchor, IOptions<AuditOptions> options, ILogger<AuditChainInterceptor> logger)
    : SaveChangesInterceptor
{
    private const string PostgreSqlProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    private IDbContextTransaction? _own;

    /// <summary>The head this unit of work moved the chain to and from, for the checkpoint after the commit.</summary>
    private (long From, long To, string Hash, long Base)? _moved;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is NmcDbContext db && Pending(db) is { Count: > 0 } entries)
        {
            if (db.Database.CurrentTransaction is null)
            {
                _own = await db.Database.BeginTransactionAsync(cancellationToken);
            }
            await db.Database.ExecuteSqlRawAsync(InsertHeadSql, [AuditChain.Genesis, keys.KeyId], cancellationToken);
            var head = (await db.Set<AuditHead>().FromSqlRaw(SelectHeadSql(db)).AsNoTracking().ToListAsync(cancellationToken)).Single();
            var (sequence, hash) = Link(entries, head);
            await db.Database.ExecuteSqlRawAsync(UpdateHeadSql, [sequence, hash], cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is NmcDbContext db && Pending(db) is { Count: > 0 } entries)
        {
            if (db.Database.CurrentTransaction is null)
            {
                _own = db.Database.BeginTransaction();
            }
            db.Database.ExecuteSqlRaw(InsertHeadSql, [AuditChain.Genesis, keys.KeyId]);
            var head = db.Set<AuditHead>().FromSqlRaw(SelectHeadSql(db)).AsNoTracking().ToList().Single();
            var (sequence, hash) = Link(entries, head);
            db.Database.ExecuteSqlRaw(UpdateHeadSql, [sequence, hash]);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (_own is { } own)
        {
            _own = null;
            await own.CommitAsync(cancellationToken);
            await own.DisposeAsync();
            Checkpoint();
        }
        _moved = null;
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (_own is { } own)
        {
            _own = null;
            own.Commit();
            own.Dispose();
            Checkpoint();
        }
        _moved = null;
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        _moved = null;
        if (_own is { } own)
        {
            _own = null;
            await own.DisposeAsync(); // disposing an uncommitted transaction rolls it back
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData)
    {
        _moved = null;
        _own?.Dispose();
        _own = null;
    }

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        _moved = null;
        if (_own is { } own)
        {
            _own = null;
            await own.DisposeAsync();
        }
    }

    private void Checkpoint()
    {
        if (_moved is { } moved && moved.To / options.Value.CheckpointEvery > moved.From / options.Value.CheckpointEvery)
        {
            try
            {
                anchor.Write(moved.To, moved.Hash, moved.Base);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The entries are committed; the recurring checkpoint job writes the anchor when the file is writable again.
                logger.LogError(ex, "无法写入审计外部检查点文件 {File}", anchor.File);
            }
        }
    }

    private const string InsertHeadSql = "INSERT INTO \"AuditHead\" (\"Id\", \"Sequence\", \"Hash\", \"KeyId\", \"BaseSequence\", \"BaseHash\") VALUES (1, 0, {0}, {1}, 0, {0}) ON CONFLICT (\"Id\") DO NOTHING";

    private const string UpdateHeadSql = "UPDATE \"AuditHead\" SET \"Sequence\" = {0}, \"Hash\" = {1} WHERE \"Id\" = 1";

    private static string SelectHeadSql(NmcDbContext db)
        => "SELECT \"Id\", \"Sequence\", \"Hash\", \"KeyId\", \"BaseSequence\", \"BaseHash\" FROM \"AuditHead\" WHERE \"Id\" = 1"
           + (db.Database.ProviderName == PostgreSqlProvider ? " FOR UPDATE" : "");

    /// <summary>The entries added in this unit of work, in the order they were appended.</summary>
    private static List<AuditEntry> Pending(NmcDbContext db)
        => db.ChangeTracker.Entries<AuditEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity)
            .OrderBy(e => e.Sequence).ToList();

    private (long Sequence, string Hash) Link(List<AuditEntry> entries, AuditHead head)
    {
        var sequence = head.Sequence;
        var hash = head.Hash;
        foreach (var entry in entries)
        {
            entry.Sequence = ++sequence;
            entry.PreviousHash = hash;
            entry.Hash = hash = AuditChain.Seal(keys, entry);
        }
        _moved = (head.Sequence, sequence, hash, head.BaseSequence);
        return (sequence, hash);
    }
}
