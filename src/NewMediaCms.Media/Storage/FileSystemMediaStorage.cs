namespace NewMediaCms.Media.Storage;

/// <summary>Files under a root folder (default App_Data/media). Writes go to a temporary file in the same folder, then a rename.</summary>
public sealed class FileSystemMediaStorage(string root) : IMediaStorage
{
    public string Root { get; } = root;

    private string PathOf(string key) => Path.Combine(Root, MediaStorageKeys.Check(key).Replace('/', Path.DirectorySeparatorChar));

    public async Task WriteAsync(string key, Stream content, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    public Task<Stream?> OpenReadAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task DeleteAsync(string key, CancellationToken ct)
    {
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
        return Task.CompletedTask;
    }

    public Task<long> LengthAsync(string key, CancellationToken ct)
    {
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(info.Exists ? info.Length : 0L);
    }

    public async Task<long?> AppendAsync(string key, long offset, Stream data, long maxBytes, CancellationToken ct)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FileStream file;
        try
        {
            // FileShare.None: a second request on the same upload at the same time fails here instead of interleaving.
            // Unbuffered and synchronous: the loop below hands the kernel whole 1 MB blocks, and a write to the page cache
            // is cheaper in place than as a thread-pool hop (Linux has no asynchronous buffered file writes).
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.None);
        }
        catch (IOException)
        {
            return null;
        }
        await using (file)
        {
            if (file.Length != offset)
            {
                return null;
            }
            file.Seek(0, SeekOrigin.End);
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                await AppendBlocksAsync(file, data, buffer, maxBytes, ct);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
            return file.Length;
        }
    }

    /// <summary>
    /// Copies at most <paramref name="maxBytes"/> of the request into the file in whole blocks: the buffer is filled from
    /// the request, then written. What is in it when the connection drops is written too, so every byte that arrived is
    /// kept and the client resumes from the file's length.
    /// </summary>
    private static async Task AppendBlocksAsync(FileStream file, Stream data, byte[] buffer, long maxBytes, CancellationToken ct)
    {
        long written = 0;
        var filled = 0;
        try
        {
            int read;
            while (written + filled < maxBytes
                   && (read = await data.ReadAsync(buffer.AsMemory(filled, (int)Math.Min(buffer.Length - filled, maxBytes - written - filled)), ct)) > 0)
            {
                filled += read;
                if (filled == buffer.Length)
                {
                    file.Write(buffer, 0, filled);
                    written += filled;
                    filled = 0;
                }
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            // The connection dropped: keep what arrived (below); the client asks for the offset and resumes.
        }
        if (filled > 0)
        {
            file.Write(buffer, 0, filled);
        }
    }

    public Task PromoteAsync(string fromKey, string toKey, CancellationToken ct)
    {
        var to = PathOf(toKey);
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Move(PathOf(fromKey), to, overwrite: true);
        return Task.CompletedTask;
    }
}
