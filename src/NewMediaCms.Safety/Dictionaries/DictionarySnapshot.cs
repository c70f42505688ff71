namespace NewMediaCms.Safety.Dictionaries;

/// <summary>A word of a list as the check uses it. <paramref name="Scope"/> is "matrix" or the department id.</summary>
public sealed record DictionaryWord(string List, string Word, string? Suggestion, string Scope, string? Reason = null);

/// <summary>A leader on a jurisdiction's list with the titles that may go with the name.</summary>
public sealed record LeaderEntry(string Name, IReadOnlyList<string> Titles, string Jurisdiction, string Scope);

/// <summary>
/// What one department checks against: the matrix dictionary at <paramref name="MatrixVersion"/> plus the
/// department's own words and exceptions at <paramref name="DepartmentVersion"/>.
/// </summary>
public sealed record DictionarySnapshot(int MatrixVersion, int DepartmentVersion, IReadOnlyList<DictionaryWord> Words, IReadOnlyList<LeaderEntry> Leaders)
{
    public string Key(string tenantId) => $"{tenantId}:{MatrixVersion}:{DepartmentVersion}";
}
