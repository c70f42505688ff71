using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Core.Security;

/// <summary>Where a secret key came from (shown on the security self-assessment page, never the key itself).</summary>
public enum SecretKeySource { Configuration, KeyFile }

/// <summary>A secret key could not be read or created (start-up or the first use stops with this Chinese message).</summary>
public sealed class SecretKeyException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Named 256-bit keys that never go into the database: <c>Secrets:{name}</c> (Base64, at least 32 bytes; e.g. the
/// environment variable <c>Secrets__Contacts</c>), else the key file <c>{Secrets:Directory}/{name}.key</c> (default
/// <c>App_Data/secrets</c>), created on first use with mode 0600 in a 0700 directory. For the key to protect a copied
/// database, keep it elsewhere: set it in the configuration or point <c>Secrets:Directory</c> outside App_Data.
/// </summary>
public sealed class SecretKeys(IConfiguration configuration, IOptions<StoreOptions> store, IHostEnvironment environment)
{
    public const string Section = "Secrets";

    private readonly Dictionary<string, byte[]> _keys = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Directory
    {
        get
        {
            var appData = Path.IsPathRooted(store.Value.AppDataPath) ? store.Value.AppDataPath : Path.Combine(environment.ContentRootPath, store.Value.AppDataPath);
            var dir = configuration[$"{Section}:Directory"] is { Length: > 0 } d ? d : "secrets";
            return Path.IsPathRooted(dir) ? dir : Path.Combine(appData, dir);
        }
    }

    public string FileOf(string name) => Path.Combine(Directory, name + ".key");

    public SecretKeySource SourceOf(string name)
        => string.IsNullOrEmpty(configuration[$"{Section}:{name}"]) ? SecretKeySource.KeyFile : SecretKeySource.Configuration;

    /// <summary>Where the key is kept, in Chinese, for the operator (never the key).</summary>
    public string Describe(string name) => SourceOf(name) == SecretKeySource.Configuration
        ? $"配置项 {Section}:{name}"
        : $"密钥文件 {FileOf(name)}（仅属主可读写）";

    /// <summary>The 32-byte key; the same bytes for the life of the process.</summary>
    public byte[] Get(string name)
    {
        lock (_lock)
        {
            if (!_keys.TryGetValue(name, out var key))
            {
                key = Load(name);
                _keys[name] = key;
            }
            return key;
        }
    }

    private byte[] Load(string name)
    {
        if (configuration[$"{Section}:{name}"] is { Length: > 0 } configured)
        {
            try
            {
                var bytes = Convert.FromBase64String(configured.Trim());
                return bytes.Length >= 32 ? bytes[..32] : throw new FormatException();
            }
            catch (FormatException ex)
            {
                throw new SecretKeyException($"配置项 {Section}:{name} 不是至少 32 字节的 Base64 密钥。可用 `openssl rand -base64 32` 生成。", ex);
            }
        }
        var file = FileOf(name);
        try
        {
            if (!File.Exists(file))
            {
                CreatePrivateDirectory(Path.GetDirectoryName(file)!);
                var key = RandomNumberGenerator.GetBytes(32);
                try
                {
                    using var stream = CreatePrivateFile(file);
                    stream.Write(Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
                    return key;
                }
                catch (IOException) when (File.Exists(file))
                {
                    // Another process created it first: use theirs.
                }
            }
            var loaded = Convert.FromBase64String(File.ReadAllText(file).Trim());
            return loaded.Length >= 32 ? loaded[..32] : throw new FormatException();
        }
        catch (FormatException ex)
        {
            throw new SecretKeyException($"密钥文件 {file} 的内容不是至少 32 字节的 Base64 密钥。请恢复原密钥文件，或通过配置项 {Section}:{name} 提供密钥。", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"无法读取或创建密钥文件 {file}：{ex.Message}。请检查 {Section}:Directory 目录的权限。", ex);
        }
    }

    /// <summary>A directory only its owner may enter (0700), created if absent.</summary>
    public static void CreatePrivateDirectory(string path)
    {
        if (System.IO.Directory.Exists(path))
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>A new file readable and writable by its owner only (0600).</summary>
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

/// <summary>
/// AES-256-GCM for short fields and small documents: <c>enc1:</c> + Base64(nonce 12 | ciphertext | tag 16). The
/// purpose is authenticated data, so a value sealed for one purpose does not open as another.
/// </summary>
public static class FieldCipher
{
    public const string Prefix = "enc1:";

    public static bool IsSealed(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    public static string Seal(byte[] key, string purpose, string plaintext)
        => Prefix + Convert.ToBase64String(SealBytes(key, purpose, Encoding.UTF8.GetBytes(plaintext)));

    /// <summary>The plaintext; throws <see cref="CryptographicException"/> for a wrong key or a changed value.</summary>
    public static string Open(byte[] key, string purpose, string sealedValue)
        => Encoding.UTF8.GetString(OpenBytes(key, purpose, Convert.FromBase64String(sealedValue[Prefix.Length..])));

    public static byte[] SealBytes(byte[] key, string purpose, byte[] plaintext)
    {
        var output = new byte[12 + plaintext.Length + 16];
        var nonce = output.AsSpan(0, 12);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length), Encoding.UTF8.GetBytes(purpose));
        return output;
    }

    public static byte[] OpenBytes(byte[] key, string purpose, byte[] data)
    {
        if (data.Length < 28)
        {
            throw new CryptographicException("密文过短。");
        }
        var plaintext = new byte[data.Length - 28];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(data.AsSpan(0, 12), data.AsSpan(12, plaintext.Length), data.AsSpan(data.Length - 16), plaintext, Encoding.UTF8.GetBytes(purpose));
        return plaintext;
    }
}
