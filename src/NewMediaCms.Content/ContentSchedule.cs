using System.Linq.Expressions;

namespace NewMediaCms.Content;

/// <summary>
/// When a version is due: the one statement of "due for publication" and "due for expiry", as expressions that every
/// query composes (the schedule's batches, the slot job's window, the reconciler, the calendar, the single-version
/// path) and as compiled checks of the same expressions for a version already in memory.
/// </summary>
/// <remarks>
/// A window is (after, upTo]: an instant exactly at <c>upTo</c> is due, one at <c>after</c> belonged to the window
/// before. The bounds reach the query as members of a closure object, so EF Core sends them as parameters and the
/// query plan is cached (a constant would compile a new query for every instant).
/// </remarks>
public static class ContentSchedule
{
    /// <summary>Still to publish: the latest version, not public, with a publish-at time.</summary>
    private static readonly Expression<Func<ContentVersion, DateTime?, DateTime, bool>> PublicationRule =
        (v, after, upTo) => v.Latest && !v.Published && v.PublishAtUtc != null && v.PublishAtUtc <= upTo && (after == null || v.PublishAtUtc > after);

    /// <summary>Still to expire: a public version with an unpublish-at time.</summary>
    private static readonly Expression<Func<ContentVersion, DateTime?, DateTime, bool>> ExpiryRule =
        (v, after, upTo) => v.Published && v.UnpublishAtUtc != null && v.UnpublishAtUtc <= upTo && (after == null || v.UnpublishAtUtc > after);

    /// <summary>
    /// An expiry still planned: a public version, or the latest one (a draft may go public before its unpublish-at
    /// time, so its expiry is scheduled too).
    /// </summary>
    private static readonly Expression<Func<ContentVersion, DateTime?, DateTime, bool>> PlannedExpiryRule =
        (v, after, upTo) => (v.Published || v.Latest) && v.UnpublishAtUtc != null && v.UnpublishAtUtc <= upTo && (after == null || v.UnpublishAtUtc > after);

    private static readonly Func<ContentVersion, DateTime?, DateTime, bool> PublicationCheck = PublicationRule.Compile();

    private static readonly Func<ContentVersion, DateTime?, DateTime, bool> ExpiryCheck = ExpiryRule.Compile();

    private static readonly Func<ContentVersion, DateTime?, DateTime, bool> PlannedExpiryCheck = PlannedExpiryRule.Compile();

    /// <summary>The latest, unpublished versions whose publish-at time lies in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>] (no lower bound when null).</summary>
    public static Expression<Func<ContentVersion, bool>> PublicationDue(DateTime upToUtc, DateTime? afterUtc = null) => Bind(PublicationRule, afterUtc, upToUtc);

    /// <summary>The public versions whose unpublish-at time lies in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>].</summary>
    public static Expression<Func<ContentVersion, bool>> ExpiryDue(DateTime upToUtc, DateTime? afterUtc = null) => Bind(ExpiryRule, afterUtc, upToUtc);

    /// <summary>The public or latest versions whose unpublish-at time lies in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>]: the expiries still planned.</summary>
    public static Expression<Func<ContentVersion, bool>> ExpiryPlanned(DateTime upToUtc, DateTime? afterUtc = null) => Bind(PlannedExpiryRule, afterUtc, upToUtc);

    /// <summary>Whether <paramref name="version"/> is due for publication at <paramref name="nowUtc"/> (the same rule as <see cref="PublicationDue"/>).</summary>
    public static bool IsPublicationDue(ContentVersion version, DateTime nowUtc, DateTime? afterUtc = null) => PublicationCheck(version, afterUtc, nowUtc);

    /// <summary>Whether <paramref name="version"/> is due for expiry at <paramref name="nowUtc"/> (the same rule as <see cref="ExpiryDue"/>).</summary>
    public static bool IsExpiryDue(ContentVersion version, DateTime nowUtc, DateTime? afterUtc = null) => ExpiryCheck(version, afterUtc, nowUtc);

    /// <summary>Whether <paramref name="version"/>'s expiry is still planned in the window (the same rule as <see cref="ExpiryPlanned"/>).</summary>
    public static bool IsExpiryPlanned(ContentVersion version, DateTime upToUtc, DateTime? afterUtc = null) => PlannedExpiryCheck(version, afterUtc, upToUtc);

    /// <summary>The same checks over a version's schedule facts.</summary>
    public static bool IsPublicationDue(VersionSchedule version, DateTime nowUtc, DateTime? afterUtc = null) => PublicationCheck(Facts(version), afterUtc, nowUtc);

    public static bool IsExpiryPlanned(VersionSchedule version, DateTime upToUtc, DateTime? afterUtc = null) => PlannedExpiryCheck(Facts(version), afterUtc, upToUtc);

    /// <summary>The window [from, to) of a calendar as the rules' (after, upTo]: one microsecond, the finest instant both stores keep, before each bound.</summary>
    public static (DateTime? After, DateTime UpTo) HalfOpen(DateTime fromUtc, DateTime toUtc) => (fromUtc - Microsecond, toUtc - Microsecond);

    private static readonly TimeSpan Microsecond = TimeSpan.FromTicks(10);

    private static ContentVersion Facts(VersionSchedule v) => new() { Latest = v.Latest, Published = v.Published, PublishAtUtc = v.PublishAtUtc, UnpublishAtUtc = v.UnpublishAtUtc };

    /// <summary>A far bound for "no upper limit" (the calendar and the reconciler look at everything still to come).</summary>
    public static readonly DateTime Forever = DateTime.SpecifyKind(DateTime.MaxValue.AddYears(-1), DateTimeKind.Utc);

    private static Expression<Func<ContentVersion, bool>> Bind(Expression<Func<ContentVersion, DateTime?, DateTime, bool>> rule, DateTime? after, DateTime upTo)
    {
        var window = Expression.Constant(new Window(after, upTo));
        var body = new Substitute(new Dictionary<ParameterExpression, Expression>
        {
            [rule.Parameters[1]] = Expression.Field(window, nameof(Window.After)),
            [rule.Parameters[2]] = Expression.Field(window, nameof(Window.UpTo)),
        }).Visit(rule.Body);
        return Expression.Lambda<Func<ContentVersion, bool>>(body, rule.Parameters[0]);
    }

    private sealed class Window(DateTime? after, DateTime upTo)
    {
        public readonly DateTime? After = after;

        public readonly DateTime UpTo = upTo;
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.TryGetValue(node, out var to) ? to : node;
    }
}
