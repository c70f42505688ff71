using NewMediaCms.Core.Data;

namespace NewMediaCms.Content;

/// <summary>
/// A logical piece of content (a notice, a policy document, ...). What readers and editors see lives in its
/// versions; exactly one version is Latest, at most one is Published (the Orchard Core model).
/// </summary>
public sealed class ContentItem : ITenantOwned
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    /// <summary>The content type name, e.g. "notice".</summary>
    public string ContentType { get; set; } = "";

    public string? AccountId { get; set; }

    public string Owner { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    /// <summary>Soft delete: hidden everywhere, kept until an explicit, audited purge.</summary>
    public bool Deleted { get; set; }

    public DateTime? DeletedUtc { get; set; }

    public List<ContentVersion> Versions { get; set; } = [];
}

public sealed class ContentVersion : ITenantOwned
{
    public long Id { get; set; }

    public string ContentItemId { get; set; } = "";

    public ContentItem? Item { get; set; }

    public string TenantId { get; set; } = "";

    /// <summary>The item's account, copied onto each of its versions by the store on every save (see
    /// <see cref="ItemFactsInterceptor"/>), so that set-based reads over versions need no join with the items.</summary>
    public string? AccountId { get; set; }

    /// <summary>The item's content type, copied like <see cref="AccountId"/>.</summary>
    public string ContentType { get; set; } = "";

    /// <summary>Whether the item is in the recycle bin, copied like <see cref="AccountId"/>.</summary>
    public bool ItemDeleted { get; set; }

    /// <summary>When the item was created, copied like <see cref="AccountId"/>: the admin list's "created" order without a join.</summary>
    public DateTime ItemCreatedUtc { get; set; }

    /// <summary>The last save that changed this version (set by <see cref="ItemFactsInterceptor"/>): the admin list's "updated" order.</summary>
    public DateTime UpdatedUtc { get; set; }

    /// <summary>1, 2, 3... per item.</summary>
    public int Number { get; set; }

    public bool Latest { get; set; }

    public bool Published { get; set; }

    public string Title { get; set; } = "";

    /// <summary>The Markdown source the editor wrote.</summary>
    public string Markdown { get; set; } = "";

    /// <summary>Typed fields of the content type, as a JSON object.</summary>
    public string FieldsJson { get; set; } = "{}";

    /// <summary>The sanitised HTML rendered from <see cref="Markdown"/>, stored with the version.</summary>
    public string RenderedHtml { get; set; } = "";

    /// <summary>Plain-text excerpt for lists, feeds and descriptions.</summary>
    public string Summary { get; set; } = "";

    /// <summary>SHA-256 of title, Markdown and fields: what an approval is bound to.</summary>
    public string ContentHash { get; set; } = "";

    /// <summary>The time the version went (or goes) public.</summary>
    public DateTime? PublishedUtc { get; set; }

    public DateTime CreatedUtc { get; set; }

    public string Author { get; set; } = "";

    /// <summary>Optimistic concurrency: bumped by every save of the draft; a save based on an older revision is refused.</summary>
    public int Revision { get; set; }

    /// <summary>When the version should go public (stored; the scheduling capability acts on it).</summary>
    public DateTime? PublishAtUtc { get; set; }

    /// <summary>When the version should stop being public (stored; the scheduling capability acts on it).</summary>
    public DateTime? UnpublishAtUtc { get; set; }
}

public static class ContentTypes
{
    public const string Notice = "notice";

    public static string DisplayName(string type) => type switch
    {
        Notice => "通知公告",
        "news" => "新闻动态",
        "policy" => "政策文件",
        "interpretation" => "政策解读",
        "guide" => "办事指南",
        _ => type,
    };
}
