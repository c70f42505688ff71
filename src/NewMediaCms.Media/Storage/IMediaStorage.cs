namespace NewMediaCms.Media.Storage;

/// <summary>
/// Where the bytes of media live. Keys are relative paths ("gaj/ab12/v1", "uploads/cd34"). A finished file is written
/// whole or not at all (<see cref="WriteAsync"/>, <see cref="PromoteAsync"/>); only an upload under way grows in parts.
/// </summary>
public interface IMediaStorage
{
    /// <summary>Writes the whole content under the key, replacing what was there, atomically (readers see the old or the new file).</summary>
    Task WriteAsync(string key, Stream content, CancellationToken ct);

    /// <summary>Null when the key does not exist.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken ct);

    Task DeleteAsync(string key, CancellationToken ct);

    /// <summary>The length stored so far under the key (0 when none).</summary>
    Task<long> LengthAsync(string key, CancellationToken ct);

    /// <summary>
    /// Appends to an upload under way, only if its current length is <paramref name="offset"/>; returns the new length,
    /// or null when the offset does not match (nothing written). Bytes received before a dropped connection are kept,
    /// so the client resumes from the returned length.
    /// </summary>
    Task<long?> AppendAsync(string key, long offset, Stream data, long maxBytes, CancellationToken ct);

    /// <summary>Moves a finished upload to its final key (a rename: no copy, atomic).</summary>
    Task PromoteAsync(string fromKey, string toKey, CancellationToken ct);
}

public static class MediaStorageKeys
{
    /// <summary>Keys are made by the library from ids; this guards against a key that would leave the storage root.</summary>
    public static string Check(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/') || key.Contains('\\')
            || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.')))
        {
            throw new ArgumentException("invalid media storage key: " + key, nameof(key));
        }
        return key;
    }
}
