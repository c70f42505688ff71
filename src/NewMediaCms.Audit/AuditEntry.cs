namespace NewMediaCms.Audit;

/// <summary>
/// One line of the append-only audit log. Entries are never updated or deleted; each carries the hash of the
/// previous one, so an edited or missing entry breaks the chain and <see cref="AuditVerifier"/> finds it.
/// Not tenant-filtered: matrix actions have no department. Readers filter by <see cref="TenantId"/> themselves.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    /// <summary>1, 2, 3... without gaps: a gap is a deleted entry.</summary>
    public long Sequence { get; set; }

    public DateTime TimestampUtc { get; set; }

    public string? TenantId { get; set; }

    /// <summary>User name of whoever acted ("system" for jobs and start-up, "recipe" for recipes).</summary>
    public string Actor { get; set; } = "";

    public string? IpAddress { get; set; }

    /// <summary>Dotted action name: content.published, review.approved, user.signed-in, account.updated...</summary>
    public string Action { get; set; } = "";

    public string SubjectType { get; set; } = "";

    public string SubjectId { get; set; } = "";

    /// <summary>What the subject was before (a version id and hash, a state), or null.</summary>
    public string? Before { get; set; }

    /// <summary>What the subject is after, or null.</summary>
    public string? After { get; set; }

    /// <summary>Human-readable detail in Chinese (a comment, a reason).</summary>
    public string? Detail { get; set; }

    public string PreviousHash { get; set; } = "";

    public string Hash { get; set; } = "";
}

/// <summary>
/// The head of the chain (one row): the last sequence and MAC, the key the chain is sealed with, and the base the chain
/// continues from after old entries were archived and removed. Serialises writers. It is in the database, so it proves
/// nothing by itself: the checkpoints outside the store (<see cref="AuditAnchor"/>) and the MACs do.
/// </summary>
public sealed class AuditHead
{
    public int Id { get; set; } = 1;

    public long Sequence { get; set; }

    public string Hash { get; set; } = "";

    /// <summary>The key and algorithm the chain is sealed with (<see cref="AuditKeyRing.KeyId"/>); null: a chain of the old plain SHA-256 scheme.</summary>
    public string? KeyId { get; set; }

    /// <summary>The last removed sequence (0: nothing removed); the first entry kept follows it.</summary>
    public long BaseSequence { get; set; }

    /// <summary>The MAC of the last removed entry: the first entry kept names it as its previous hash.</summary>
    public string BaseHash { get; set; } = AuditChain.Genesis;
}
