namespace NewMediaCms.Content.Types;

/// <summary>The kinds of typed field a content type may declare.</summary>
public enum FieldKind
{
    Text,
    Markdown,
    Date,
    Number,
    Link,

    /// <summary>A file reference: a URL plus a display name (stored as "field" and "field.name").</summary>
    Attachment,

    /// <summary>One term out of a fixed list.</summary>
    Taxonomy,

    /// <summary>The id of another content item of <see cref="FieldDefinition.ReferenceType"/> in the same department.</summary>
    Reference,
}

/// <summary>
/// One field of a content type. Required fields block submission; recommended ones (the ten elements of a
/// service guide, WEB-D01) only warn the editor, because inspectors deduct points rather than veto.
/// </summary>
public sealed record FieldDefinition(
    string Name,
    string DisplayName,
    FieldKind Kind,
    bool Required = false,
    bool Recommended = false,
    string? ReferenceType = null,
    IReadOnlyList<string>? Terms = null,
    string? Hint = null);

/// <summary>A content type: a name, a Chinese display name and its typed fields (title and Markdown body are implicit).</summary>
public sealed record ContentTypeDefinition(string Name, string DisplayName, IReadOnlyList<FieldDefinition> Fields, bool BuiltIn = false)
{
    public FieldDefinition? Field(string name) => Fields.FirstOrDefault(f => f.Name == name);
}
