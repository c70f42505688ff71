namespace NewMediaCms.Content.Types;

/// <summary>A content type declared by a recipe (matrix-wide, not per department). Fields are stored as JSON.</summary>
public sealed class ContentTypeRecord
{
    public string Name { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string FieldsJson { get; set; } = "[]";

    public DateTime UpdatedUtc { get; set; }
}
