using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Media.Storage;

/// <summary>
/// Files as blocks of at most 1 MB in the store's database (table MediaBlocks, bytea on PostgreSQL), so every node of an
/// installation sees the same files. A whole write is one transaction; an upload under way adds blocks as they arrive.
/// Uses a context of its own so that a file's blocks never ride along in the caller's unit of work.
/// </summary>
public sealed class DatabaseMediaStorage(IServiceScopeFactory scopes) : IMediaStorage
{
    private readonly ContextSource contexts = new(scopes);

    public const int BlockSize = 1 << 20;

    public async Task WriteAsync(string key, Stream content, CancellationToken ct)
    {
        MediaStorageKeys.Check(key);
        await using var owned = contexts.Create();
        var db = owned.Db;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<MediaBlock>().Where(b => b.Key == key).ExecuteDeleteAsync(ct);
        long offset = 0;
        var buffer = new byte[BlockSize];
        int filled;
        while ((filled = await FillAsync(content, buffer, ct)) > 0)
        {
            db.Set<MediaBlock>().Add(new MediaBlock { Key = key, Offset = offset, Data = buffer[..filled] });
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            offset += filled;
        }
        await tx.CommitAsync(ct);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        await using var owned = contexts.Create();
        var db = owned.Db;
        var offsets = await db.Set<MediaBlock>().Where(b => b.Key == key).OrderBy(b => b.Offset)
            .Select(b => new { b.Offset, Length = (long)b.Data.Length }).ToListAsync(ct);
        if (offsets.Count == 0)
        {
            return null;
        }
        return new BlockStream(contexts, key, offsets.Select(o => o.Offset).ToArray(), offsets.Sum(o => o.Length));
    }

    public async Task DeleteAsync(string key, CancellationToken ct)
    {
        await using var owned = contexts.Create();
        var db = owned.Db;
        await db.Set<MediaBlock>().Where(b => b.Key == key).ExecuteDeleteAsync(ct);
    }

    public async Task<long> LengthAsync(string key, CancellationToken ct)
    {
        await using var owned = contexts.Create();
        var db = owned.Db;
        return await db.Set<MediaBlock>().Where(b => b.Key == key).SumAsync(b => (long)b.Data.Length, ct);
    }

    public async Task<long?> AppendAsync(string key, long offset, Stream data, long maxBytes, CancellationToken ct)
    {
        MediaStorageKeys.Check(key);
        await using var owned = contexts.Create();
        var db = owned.Db;
        var length = await db.Set<MediaBlock>().Where(b => b.Key == key).SumAsync(b => (long)b.Data.Length, ct);
        if (length != offset)
        {
            return null;
        }
        var buffer = new byte[BlockSize];
        long written = 0;
        try
        {
            int filled;
            while (written < maxBytes && (filled = await FillAsync(data, buffer.AsMemory(0, (int)Math.Min(BlockSize, maxBytes - written)), ct)) > 0)
            {
                // The primary key (key, offset) refuses a second request writing the same offset at the same time.
                db.Set<MediaBlock>().Add(new MediaBlock { Key = key, Offset = offset + written, Data = buffer[..filled] });
                await db.SaveChangesAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                written += filled;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The connection dropped: blocks already saved stay; a partial block is not saved, the client resends it.
        }
        catch (DbUpdateException)
        {
            return null;
        }
        return offset + written;
    }

    public async Task PromoteAsync(string fromKey, string toKey, CancellationToken ct)
    {
        MediaStorageKeys.Check(toKey);
        await using var owned = contexts.Create();
        var db = owned.Db;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Set<MediaBlock>().Where(b => b.Key == toKey).ExecuteDeleteAsync(ct);
        await db.Set<MediaBlock>().Where(b => b.Key == fromKey).ExecuteUpdateAsync(s => s.SetProperty(b => b.Key, toKey), ct);
        await tx.CommitAsync(ct);
    }

    private static Task<int> FillAsync(Stream s, byte[] buffer, CancellationToken ct) => FillAsync(s, buffer.AsMemory(), ct);

    /// <summary>Reads until the buffer is full or the stream ends (a block is stored only whole, except the last).</summary>
    private static async Task<int> FillAsync(Stream s, Memory<byte> buffer, CancellationToken ct)
    {
        var filled = 0;
        int read;
        while (filled < buffer.Length && (read = await s.ReadAsync(buffer[filled..], ct)) > 0)
        {
            filled += read;
        }
        return filled;
    }

    /// <summary>Reads one block at a time, so a 200 MB file is never in memory whole.</summary>
    private sealed class BlockStream(ContextSource contexts, string key, long[] offsets, long length) : Stream
    {
        private int _next;
        private byte[] _block = [];
        private int _pos;
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            if (_pos >= _block.Length)
            {
                if (_next >= offsets.Length)
                {
                    return 0;
                }
                var at = offsets[_next++];
                await using var owned = contexts.Create();
        var db = owned.Db;
                _block = await db.Set<MediaBlock>().Where(b => b.Key == key && b.Offset == at).Select(b => b.Data).SingleAsync(ct);
                _pos = 0;
            }
            var n = Math.Min(buffer.Length, _block.Length - _pos);
            _block.AsMemory(_pos, n).CopyTo(buffer);
            _pos += n;
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A store context in a scope of its own (the scope ends with the context).</summary>
internal sealed class ContextSource(IServiceScopeFactory scopes)
{
    public OwnedContext Create() => new(scopes.CreateAsyncScope());
}

internal sealed class OwnedContext(AsyncServiceScope scope) : IAsyncDisposable
{
    public NmcDbContext Db { get; } = scope.ServiceProvider.GetRequiredService<NmcDbContext>();

    public ValueTask DisposeAsync() => scope.DisposeAsync();
}
