using NewMediaCms.Content.Types;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>
/// How an adopted copy names its source (the submitting department) to readers. The one place the adoption decides
/// attribution; it follows the matrix's attribution rule.
/// </summary>
internal static class SubmissionAttribution
{
    /// <summary>The fields of the desk's copy: the submitted ones, with the submitter as 来源 where the type has that field.</summary>
    public static Dictionary<string, string> FieldsOfCopy(string submittedFieldsJson, string sourceName, ContentTypeDefinition? type)
    {
        var fields = ContentFields.Parse(submittedFieldsJson);
        if (type?.Field("source") is not null)
        {
            fields["source"] = sourceName;
        }
        return fields;
    }
}
