using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Security;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The data-protection keys (sign-in cookies, antiforgery tokens, message receipts) are kept in <c>App_Data/keys</c> and
/// encrypted there: with a certificate when <c>DataProtection:Certificate:Path</c> (PFX) and <c>:Password</c> are set
/// (<c>ProtectKeysWithCertificate</c>), otherwise with AES-256-GCM under the secret key <c>DataProtection</c>
/// (<see cref="SecretKeys"/>: <c>Secrets:DataProtection</c> or a 0600 key file). Keys written in plain text by an older
/// version are encrypted in place when the key ring is first loaded.
/// </summary>
public sealed class DataProtectionKeys
{
    public const string SecretName = "DataProtection";

    private static readonly XNamespace Ns = "http://schemas.asp.net/2015/03/dataProtection";

    public DataProtectionKeys(string directory, X509Certificate2? certificate)
    {
        Directory = directory;
        Certificate = certificate;
    }

    public string Directory { get; }

    public X509Certificate2? Certificate { get; }

    /// <summary>Registers persistence and encryption of the keys.</summary>
    public static void Add(IServiceCollection services, IConfiguration configuration, string directory)
    {
        var certificate = LoadCertificate(configuration);
        var keys = new DataProtectionKeys(directory, certificate);
        services.AddSingleton(keys);
        SecretKeys.CreatePrivateDirectory(directory);
        var builder = services.AddDataProtection().SetApplicationName("NewMediaCms").PersistKeysToFileSystem(new DirectoryInfo(directory));
        if (certificate is not null)
        {
            builder.ProtectKeysWithCertificate(certificate).UnprotectKeysWithAnyCertificate(certificate);
        }
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            if (certificate is null)
            {
                o.XmlEncryptor = new AesGcmXmlEncryptor(sp.GetRequiredService<SecretKeys>().Get(SecretName));
            }
            // Runs once, when the key manager is built: before the first key is read.
            keys.EncryptPlaintextKeys(o.XmlEncryptor!, sp.GetRequiredService<ILogger<DataProtectionKeys>>());
        }));
    }

    private static X509Certificate2? LoadCertificate(IConfiguration configuration)
    {
        if (configuration["DataProtection:Certificate:Path"] is not { Length: > 0 } path)
        {
            return null;
        }
        try
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, configuration["DataProtection:Certificate:Password"], X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new SecretKeyException($"无法读取数据保护证书 {path}：{ex.Message}。请检查 DataProtection:Certificate:Path 和 DataProtection:Certificate:Password。", ex);
        }
    }

    /// <summary>How the keys are protected, in Chinese (for the self-assessment page).</summary>
    public string Describe(SecretKeys secrets) => Certificate is not null
        ? $"证书加密（ProtectKeysWithCertificate，证书 {Certificate.Subject}，指纹 {Certificate.Thumbprint}）"
        : $"AES-256-GCM 加密，密钥：{secrets.Describe(SecretName)}";

    /// <summary>Key files in the directory that still hold a master key in plain text.</summary>
    public int PlaintextKeyCount()
        => !System.IO.Directory.Exists(Directory) ? 0
            : System.IO.Directory.EnumerateFiles(Directory, "*.xml").Count(f => HasPlaintextSecret(XDocument.Load(f)));

    public int KeyCount() => System.IO.Directory.Exists(Directory) ? System.IO.Directory.EnumerateFiles(Directory, "*.xml").Count() : 0;

    private static bool HasPlaintextSecret(XDocument doc)
        => doc.Descendants().Any(e => (string?)e.Attribute(Ns + "requiresEncryption") == "true");

    /// <summary>Encrypts, in place, every element a plain-text key file marks as requiring encryption.</summary>
    internal void EncryptPlaintextKeys(IXmlEncryptor encryptor, ILogger logger)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return;
        }
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*.xml"))
        {
            var doc = XDocument.Load(file);
            var secrets = doc.Descendants().Where(e => (string?)e.Attribute(Ns + "requiresEncryption") == "true").ToList();
            if (secrets.Count == 0)
            {
                continue;
            }
            foreach (var secret in secrets)
            {
                var info = encryptor.Encrypt(new XElement(secret));
                secret.ReplaceWith(new XElement(Ns + "encryptedSecret",
                    new XAttribute("decryptorType", info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement));
            }
            var temp = file + ".tmp";
            using (var stream = SecretKeys.CreatePrivateFile(temp, FileMode.Create))
            {
                doc.Save(stream);
            }
            File.Move(temp, file, overwrite: true);
            logger.LogInformation("Data-protection key {File} was stored in plain text and is now encrypted.", Path.GetFileName(file));
        }
    }
}

/// <summary>AES-256-GCM over a key element's XML, the key from <see cref="SecretKeys"/> (never the database or the key file itself).</summary>
public sealed class AesGcmXmlEncryptor(byte[] key) : IXmlEncryptor
{
    internal const string Purpose = "NewMediaCms.DataProtection.Key";

    internal static readonly XName Element = XName.Get("aesGcm", "urn:newmediacms:dataprotection");

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var sealedBytes = FieldCipher.SealBytes(key, Purpose, Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        var element = new XElement(Element,
            new XAttribute("keyId", KeyId(key)),
            new XComment(" 数据保护主密钥，AES-256-GCM 加密；密钥不在此目录中。 "),
            new XElement(Element.Namespace + "value", Convert.ToBase64String(sealedBytes)));
        return new EncryptedXmlInfo(element, typeof(AesGcmXmlDecryptor));
    }

    /// <summary>Names the key without revealing it, so a wrong key gives a clear message.</summary>
    internal static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];
}

/// <summary>Activated by the data-protection system by type name, with the application's services.</summary>
public sealed class AesGcmXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var key = services.GetRequiredService<SecretKeys>().Get(DataProtectionKeys.SecretName);
        var expected = (string?)encryptedElement.Attribute("keyId");
        if (expected is not null && expected != AesGcmXmlEncryptor.KeyId(key))
        {
            throw new CryptographicException($"数据保护密钥是用另一把密钥（{expected}）加密的：请恢复原来的 Secrets:{DataProtectionKeys.SecretName} 或其密钥文件。");
        }
        var value = encryptedElement.Element(AesGcmXmlEncryptor.Element.Namespace + "value")?.Value
            ?? throw new CryptographicException("数据保护密钥的密文缺失。");
        var plaintext = FieldCipher.OpenBytes(key, AesGcmXmlEncryptor.Purpose, Convert.FromBase64String(value));
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
