namespace NewMediaCms.Safety.Dictionaries;

/// <summary>
/// A word of a list, in the matrix dictionary (<see cref="Scope"/> = "matrix") or a department's own
/// (<see cref="Scope"/> = department id). Rows are never deleted: a removal records the version that removed it, so
/// every version of a dictionary can be read back. Not <c>ITenantOwned</c>: the matrix rows belong to no department;
/// <see cref="SafetyDictionaries"/> is the one reader and writer and keeps a department to its own scope.
/// </summary>
public sealed class SafetyWordRecord
{
    public long Id { get; set; }

    public string Scope { get; set; } = SafetyDictionaries.MatrixScope;

    public string List { get; set; } = "";

    public string Word { get; set; } = "";

    /// <summary>The correction (names, formulations, typos).</summary>
    public string? Suggestion { get; set; }

    /// <summary>Leaders: the titles that go with the name, separated by "、".</summary>
    public string? Titles { get; set; }

    /// <summary>Leaders: the jurisdiction (青禾县).</summary>
    public string? Jurisdiction { get; set; }

    /// <summary>Exceptions: why the word is allowed here (required).</summary>
    public string? Reason { get; set; }

    /// <summary>Provenance: where the word comes from (a circular, an inspection report, the recipe).</summary>
    public string Source { get; set; } = "";

    public string AddedBy { get; set; } = "";

    public DateTime AddedUtc { get; set; }

    public int AddedInVersion { get; set; }

    public int? RemovedInVersion { get; set; }

    public string? RemovedBy { get; set; }

    public DateTime? RemovedUtc { get; set; }
}

/// <summary>One version of a dictionary (matrix or a department's): who made it, when, from what, and what changed.</summary>
public sealed class SafetyDictionaryVersion
{
    public long Id { get; set; }

    public string Scope { get; set; } = SafetyDictionaries.MatrixScope;

    public int Number { get; set; }

    public DateTime CreatedUtc { get; set; }

    public string CreatedBy { get; set; } = "";

    public string Source { get; set; } = "";

    public string Summary { get; set; } = "";
}
