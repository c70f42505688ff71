using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace NewMediaCms.Audit;

/// <summary>The directories the audit log uses outside the database, resolved once (relative paths are under App_Data).</summary>
public sealed record AuditPaths(string KeyDirectory, string AnchorDirectory, string ArchiveDirectory)
{
    public string KeyFile => Path.Combine(KeyDirectory, "audit.key");

    public string AnchorFile => Path.Combine(AnchorDirectory, "audit-anchors.jsonl");

    public static AuditPaths Resolve(AuditOptions options, string appData)
    {
        string Full(string path) => Path.IsPathRooted(path) ? path : Path.Combine(appData, path);
        var keys = Full(options.KeyDirectory);
        return new AuditPaths(keys, options.AnchorDirectory is { Length: > 0 } a ? Full(a) : keys,
            options.ArchiveDirectory is { Length: > 0 } r ? Full(r) : Path.Combine(keys, "archives"));
    }

    /// <summary>A directory only its owner may enter (0700), created if absent; an existing one keeps its mode.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Opens a new file readable and writable by its owner only (0600).</summary>
    public static FileStream CreatePrivateFile(string path, FileMode mode = FileMode.CreateNew)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        return new FileStream(path, options);
    }
}

/// <summary>The audit key could not be read or created, or it does not match the log (start-up stops with this message).</summary>
public sealed class AuditKeyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The audit master key and the keyed MACs made with it. The key comes from <c>Audit:Key</c> or from the key file
/// (created on first use); it is never written to the database. Separate sub-keys (HMAC of the master key and a
/// label) seal entries, checkpoints and archives, so a value made for one purpose never passes for another.
/// </summary>
public sealed class AuditKeyRing
{
    private readonly Lazy<Keys> _keys;

    public AuditKeyRing(IOptions<AuditOptions> options, AuditPaths paths)
    {
        Algorithm = options.Value.Algorithm;
        _keys = new Lazy<Keys>(() => Derive(Algorithm, Load(options.Value, paths)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public AuditAlgorithm Algorithm { get; }

    /// <summary>Names the algorithm and the key without revealing it ("hmac-sha256:1a2b…"): stored with the chain head and in every checkpoint.</summary>
    public string KeyId => _keys.Value.Id;

    public static string AlgorithmName(AuditAlgorithm algorithm) => algorithm == AuditAlgorithm.HmacSm3 ? "hmac-sm3" : "hmac-sha256";

    /// <summary>The MAC of an entry: over the previous entry's MAC and the entry's canonical text, lower-case hex.</summary>
    public string EntryMac(string previousHash, string canonical) => Mac(_keys.Value.Entries, previousHash + "\n" + canonical);

    /// <summary>The signature of a checkpoint line.</summary>
    public string AnchorMac(string text) => Mac(_keys.Value.Anchors, text);

    /// <summary>The signature of an archive.</summary>
    public string ArchiveMac(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(Hmac(Algorithm, _keys.Value.Archives, content));

    /// <summary>Compares two hex MACs in constant time.</summary>
    public static bool SameMac(string? a, string? b)
        => a is not null && b is not null && a.Length == b.Length
           && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    private string Mac(byte[] key, string text) => Convert.ToHexStringLower(Hmac(Algorithm, key, Encoding.UTF8.GetBytes(text)));

    private static byte[] Hmac(AuditAlgorithm algorithm, byte[] key, ReadOnlySpan<byte> data)
    {
        if (algorithm == AuditAlgorithm.HmacSha256)
        {
            return HMACSHA256.HashData(key, data);
        }
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data);
        var result = new byte[mac.GetMacSize()];
        mac.DoFinal(result, 0);
        return result;
    }

    private sealed record Keys(string Id, byte[] Entries, byte[] Anchors, byte[] Archives);

    private static Keys Derive(AuditAlgorithm algorithm, byte[] master)
    {
        byte[] Sub(string label) => Hmac(algorithm, master, Encoding.UTF8.GetBytes("nmc-audit/" + label));
        var id = AlgorithmName(algorithm) + ":" + Convert.ToHexStringLower(Sub("key-id"))[..16];
        return new Keys(id, Sub("entries"), Sub("anchors"), Sub("archives"));
    }

    private static byte[] Load(AuditOptions options, AuditPaths paths)
    {
        if (!string.IsNullOrEmpty(options.Key))
        {
            return Convert.FromBase64String(options.Key); // validated at start
        }
        var file = paths.KeyFile;
        try
        {
            if (!File.Exists(file))
            {
                AuditPaths.EnsurePrivateDirectory(paths.KeyDirectory);
                var key = RandomNumberGenerator.GetBytes(32);
                try
                {
                    using var stream = AuditPaths.CreatePrivateFile(file);
                    stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                    return key;
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another process created it first: use theirs.
                }
            }
            var text = File.ReadAllText(file).Trim();
            var loaded = Convert.FromBase64String(text);
            return loaded.Length >= 32 ? loaded : throw new FormatException();
        }
        catch (FormatException ex)
        {
            throw new AuditKeyException($"审计密钥文件 {file} 的内容不是至少 32 字节的 Base64 密钥。请恢复原密钥文件，或通过 Audit:Key 提供密钥。", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AuditKeyException($"无法读取或创建审计密钥文件 {file}：{ex.Message}。请检查 Audit:KeyDirectory 目录的权限。", ex);
        }
    }
}
