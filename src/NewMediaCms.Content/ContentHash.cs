using System.Security.Cryptography;
using System.Text;

namespace NewMediaCms.Content;

public static class ContentHash
{
    /// <summary>SHA-256 over title, Markdown and fields, separated so that moving text between them changes the hash.</summary>
    public static string Compute(string title, string markdown, string fieldsJson)
    {
        var bytes = Encoding.UTF8.GetBytes(title + "\u001f" + markdown.Replace("\r\n", "\n") + "\u001f" + fieldsJson);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
