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
            file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.None, 1 << 20, FileOptions.Asynchronous);
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
            var buffer = new byte[1 << 20];
            long written = 0;
            try
            {
                int read;
                while ((read = await data.ReadAsync(buffer, ct)) > 0)
                {
                    if (written + read > maxBytes)
                    {
                        read = (int)(maxBytes - written);
                        await file.WriteAsync(buffer.AsMemory(0, read), ct);
                        written += read;
                        break;
                    }
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                    written += read;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or Microsoft.AspNetCore.Http.BadHttpRequestException)
            {
                // The connection dropped: keep what arrived; the client asks for the offset and resumes.
            }
            await file.FlushAsync(CancellationToken.None);
            return file.Length;
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
