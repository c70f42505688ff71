using NewMediaCms.Content.Types;

namespace NewMediaCms.Editorial;

public enum EditorialOutcome
{
    Ok,
    NotFound,
    Forbidden,

    /// <summary>The transition is not allowed in the current state; nothing changed.</summary>
    Invalid,

    /// <summary>Someone else changed the draft since it was opened; nothing changed.</summary>
    Conflict,

    /// <summary>Field errors (see <see cref="EditorialResult.Validation"/>); nothing changed.</summary>
    ValidationFailed,
}

/// <summary>The answer of every editorial action: success, or one clear Chinese message and no change.</summary>
public sealed record EditorialResult(EditorialOutcome Outcome, string Message, string? ItemId = null, long? VersionId = null, int? Revision = null, ContentValidation? Validation = null)
{
    public bool Ok => Outcome == EditorialOutcome.Ok;

    /// <summary>The content-safety gate's verdict on the version the action left (findings, override), when it ran.</summary>
    public Core.Safety.ContentSafetyVerdict? Safety { get; init; }

    public static EditorialResult Success(string message, string itemId, long versionId, int revision, ContentValidation? validation = null)
        => new(EditorialOutcome.Ok, message, itemId, versionId, revision, validation);

    public static EditorialResult Fail(EditorialOutcome outcome, string message, ContentValidation? validation = null) => new(outcome, message, Validation: validation);
}

/// <summary>What an editor submits: the type (for a new item), account, title, Markdown, typed fields and an optional publish-at.</summary>
public sealed record DraftInput(string? ContentType, string? AccountId, string? Title, string? Markdown, IReadOnlyDictionary<string, string>? Fields, DateTime? PublishAtUtc = null, DateTime? UnpublishAtUtc = null);
