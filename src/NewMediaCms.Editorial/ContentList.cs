using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

/// <summary>Where an item stands, as the admin list shows and filters it: the review state, plus what publication left.</summary>
public enum ListState
{
    Draft,
    InReview,
    Rejected,

    /// <summary>Approved by every level, never published yet (审核通过，待发布).</summary>
    Approved,
    Scheduled,
    Published,

    /// <summary>Was public, taken down by hand (已下线).</summary>
    Withdrawn,

    /// <summary>Was public, taken down by its expiry time (已过期).</summary>
    Expired,
}

public enum ContentListSort
{
    Updated,
    Created,
    Title,
    Published,
}

/// <summary>Which date the date range applies to.</summary>
public enum ContentListDate
{
    Updated,
    Created,
    Published,
}

/// <summary>What the admin list shows: text in the title (and, when asked, the body), type, state, account, author, a date range, the order.</summary>
public sealed record ContentListFilter(
    string? Query = null,
    bool InBody = false,
    string? Type = null,
    ListState? State = null,
    string? AccountId = null,
    string? Author = null,
    DateOnly? From = null,
    DateOnly? To = null,
    ContentListDate DateField = ContentListDate.Updated,
    ContentListSort Sort = ContentListSort.Updated,
    bool Descending = true);

public sealed record ContentListRow(
    string ItemId, long VersionId, string ContentType, string Title, int Number, string? AccountId, string Author, ListState State,
    DateTime UpdatedUtc, DateTime CreatedUtc, DateTime? PublishedUtc, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc,
    ReviewState ReviewState, ReviewChain Chain)
{
    public int ApprovedLevels => Chain.ApprovedLevels;

    public string? NextLevelName => State == ListState.InReview ? Chain.NextLevel?.Name : null;
}

/// <summary>One page of the list, with the cursors of the pages before and after it (null at either end).</summary>
public sealed record ContentListPage(IReadOnlyList<ContentListRow> Rows, string? Previous, string? Next);

/// <summary>
/// The admin content list (内容管理): the department's latest versions, filtered, ordered and paged by keyset in SQL on the
/// list indexes (see ContentModel): a page is "the next n rows after this sort key and id", never an OFFSET, so the 500th
/// page costs what the first does, and rows inserted meanwhile neither repeat nor skip a row on the following pages.
/// </summary>
public sealed class ContentList(NmcDbContext db, ContentStore content, ReviewChainService chains, ITenantContext tenant, TimeProvider clock)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>At most this many rows go into one export.</summary>
    public const int MaxExport = 100_000;

    public static string StateName(ListState state) => state switch
    {
        ListState.Draft => "草稿",
        ListState.InReview => "审核中",
        ListState.Rejected => "被退回",
        ListState.Approved => "待发布",
        ListState.Scheduled => "已排期",
        ListState.Published => "已发布",
        ListState.Withdrawn => "已下线",
        ListState.Expired => "已过期",
        _ => state.ToString(),
    };

    /// <summary>
    /// A page after (or, with <paramref name="before"/>, before) a cursor; the first page without one. A cursor of
    /// another order, or one that does not parse, starts at the first page.
    /// </summary>
    public async Task<ContentListPage> PageAsync(ContentListFilter filter, string? after, string? before, int size = DefaultPageSize, CancellationToken ct = default)
    {
        size = Math.Clamp(size, 1, MaxPageSize);
        var backwards = before is not null && Cursor.TryParse(before, filter.Sort, out _);
        var cursor = Cursor.TryParse(backwards ? before : after, filter.Sort, out var c) ? c : null;
        var versions = await QueryAsync(filter, cursor, backwards, size + 1, ct);
        var more = versions.Count > size;
        if (more)
        {
            versions.RemoveAt(versions.Count - 1);
        }
        if (backwards)
        {
            versions.Reverse();
        }
        var rows = await RowsAsync(versions, ct);
        string? previous = null, next = null;
        if (rows.Count > 0)
        {
            // Backwards: there is a page before when more rows came; there is always the page we came from after it.
            previous = (backwards ? more : cursor is not null) ? Cursor.Of(filter.Sort, versions[0]) : null;
            next = (backwards || more) ? Cursor.Of(filter.Sort, versions[^1]) : null;
        }
        return new ContentListPage(rows, previous, next);
    }

    /// <summary>Every row the filter selects, in its order, page by page (the CSV export), up to <see cref="MaxExport"/>.</summary>
    public async IAsyncEnumerable<ContentListRow> AllAsync(ContentListFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        Cursor? cursor = null;
        var count = 0;
        while (count < MaxExport)
        {
            var versions = await QueryAsync(filter, cursor, false, Math.Min(1000, MaxExport - count), ct);
            if (versions.Count == 0)
            {
                yield break;
            }
            foreach (var row in await RowsAsync(versions, ct))
            {
                yield return row;
            }
            count += versions.Count;
            cursor = Cursor.Parse(Cursor.Of(filter.Sort, versions[^1]));
        }
    }

    /// <summary>The state of one row (the same derivation the filter makes in SQL).</summary>
    public static ListState StateOf(bool published, DateTime? publishedUtc, DateTime? unpublishAtUtc, ReviewState? review, DateTime nowUtc)
    {
        if (published)
        {
            return ListState.Published;
        }
        return review switch
        {
            ReviewState.InReview => ListState.InReview,
            ReviewState.Rejected => ListState.Rejected,
            ReviewState.Scheduled => ListState.Scheduled,
            ReviewState.Approved when publishedUtc is null => ListState.Approved,
            ReviewState.Approved when unpublishAtUtc is { } u && u <= nowUtc => ListState.Expired,
            ReviewState.Approved => ListState.Withdrawn,
            _ => ListState.Draft,
        };
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<List<ContentVersion>> QueryAsync(ContentListFilter filter, Cursor? cursor, bool backwards, int take, CancellationToken ct)
    {
        var q = Filtered(filter);
        var descending = filter.Descending != backwards;
        q = filter.Sort switch
        {
            ContentListSort.Created => Keyset(q, v => v.ItemCreatedUtc, c => c.Time!.Value, cursor, descending),
            ContentListSort.Title => Keyset(q, v => v.Title, c => c.Text!, cursor, descending),
            ContentListSort.Published => Keyset(q.Where(v => v.PublishedUtc != null), v => v.PublishedUtc!.Value, c => c.Time!.Value, cursor, descending),
            _ => Keyset(q, v => v.UpdatedUtc, c => c.Time!.Value, cursor, descending),
        };
        // Only what a row shows (no Markdown or HTML).
        return (await q.Take(take).Select(v => new
            {
                v.Id, v.ContentItemId, v.ContentType, v.Title, v.Number, v.AccountId, v.Author, v.Published, v.PublishedUtc, v.PublishAtUtc, v.UnpublishAtUtc,
                v.UpdatedUtc, v.ItemCreatedUtc, v.ContentHash,
            }).ToListAsync(ct))
            .Select(v => new ContentVersion
            {
                Id = v.Id, ContentItemId = v.ContentItemId, ContentType = v.ContentType, Title = v.Title, Number = v.Number, AccountId = v.AccountId, Author = v.Author,
                Published = v.Published, PublishedUtc = v.PublishedUtc, PublishAtUtc = v.PublishAtUtc, UnpublishAtUtc = v.UnpublishAtUtc, UpdatedUtc = v.UpdatedUtc,
                ItemCreatedUtc = v.ItemCreatedUtc, ContentHash = v.ContentHash,
            }).ToList();
    }

    private IQueryable<ContentVersion> Filtered(ContentListFilter f)
    {
        var q = content.LatestLiveVersions();
        if (f.Query?.Trim() is { Length: > 0 } text)
        {
            q = f.InBody ? q.Where(v => v.Title.Contains(text) || v.Markdown.Contains(text)) : q.Where(v => v.Title.Contains(text));
        }
        if (f.Type is { Length: > 0 } type)
        {
            q = q.Where(v => v.ContentType == type);
        }
        if (f.AccountId is { Length: > 0 } account)
        {
            q = q.Where(v => v.AccountId == account);
        }
        if (f.Author?.Trim() is { Length: > 0 } author)
        {
            q = q.Where(v => v.Author == author);
        }
        var zone = tenant.Clock(clock);
        DateTime? from = f.From is { } d1 ? zone.StartOfDayUtc(d1) : null;
        DateTime? to = f.To is { } d2 ? zone.StartOfDayUtc(d2.AddDays(1)) : null;
        if (from is not null || to is not null)
        {
            q = f.DateField switch
            {
                ContentListDate.Created => q.Where(v => (from == null || v.ItemCreatedUtc >= from) && (to == null || v.ItemCreatedUtc < to)),
                ContentListDate.Published => q.Where(v => v.PublishedUtc != null && (from == null || v.PublishedUtc >= from) && (to == null || v.PublishedUtc < to)),
                _ => q.Where(v => (from == null || v.UpdatedUtc >= from) && (to == null || v.UpdatedUtc < to)),
            };
        }
        if (f.State is { } state)
        {
            q = WithState(q, state);
        }
        return q;
    }

    /// <summary>The SQL form of <see cref="StateOf"/>.</summary>
    private IQueryable<ContentVersion> WithState(IQueryable<ContentVersion> q, ListState state)
    {
        var reviews = db.Set<VersionReview>();
        var now = Now;
        return state switch
        {
            ListState.Published => q.Where(v => v.Published),
            ListState.InReview => q.Where(v => !v.Published && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.InReview)),
            ListState.Rejected => q.Where(v => !v.Published && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.Rejected)),
            ListState.Scheduled => q.Where(v => !v.Published && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.Scheduled)),
            ListState.Approved => q.Where(v => !v.Published && v.PublishedUtc == null && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.Approved)),
            ListState.Withdrawn => q.Where(v => !v.Published && v.PublishedUtc != null && !(v.UnpublishAtUtc != null && v.UnpublishAtUtc <= now)
                                                && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.Approved)),
            ListState.Expired => q.Where(v => !v.Published && v.PublishedUtc != null && v.UnpublishAtUtc != null && v.UnpublishAtUtc <= now
                                              && reviews.Any(r => r.VersionId == v.Id && r.State == ReviewState.Approved)),
            _ => q.Where(v => !v.Published && !reviews.Any(r => r.VersionId == v.Id
                && (r.State == ReviewState.InReview || r.State == ReviewState.Rejected || r.State == ReviewState.Approved || r.State == ReviewState.Scheduled))),
        };
    }

    /// <summary>
    /// Orders by the key and the id, and keeps what lies beyond the cursor. The condition is written as
    /// <c>key &lt;= k AND (key &lt; k OR id &lt; i)</c>: its first half is a range the index seeks to (an OR alone would
    /// make SQLite walk the index from its start).
    /// </summary>
    private static IQueryable<ContentVersion> Keyset<TKey>(IQueryable<ContentVersion> q, Expression<Func<ContentVersion, TKey>> key, Func<Cursor, TKey> valueOf, Cursor? cursor, bool descending)
    {
        if (cursor is not null)
        {
            var v = key.Parameters[0];
            var k = Parameter(valueOf(cursor));
            var id = Parameter(cursor.Id);
            var idProp = Expression.Property(v, nameof(ContentVersion.Id));
            var condition = Expression.AndAlso(
                Compare(key.Body, k, descending, orEqual: true),
                Expression.OrElse(Compare(key.Body, k, descending, orEqual: false), descending ? Expression.LessThan(idProp, id) : Expression.GreaterThan(idProp, id)));
            q = q.Where(Expression.Lambda<Func<ContentVersion, bool>>(condition, v));
        }
        return descending ? q.OrderByDescending(key).ThenByDescending(v => v.Id) : q.OrderBy(key).ThenBy(v => v.Id);
    }

    private static Expression Compare(Expression left, Expression right, bool descending, bool orEqual)
    {
        if (left.Type == typeof(string))
        {
            // string.Compare(a, b) < 0 is what EF Core translates to a < b.
            var call = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            var zero = Expression.Constant(0);
            return descending ? (orEqual ? Expression.LessThanOrEqual(call, zero) : Expression.LessThan(call, zero))
                : (orEqual ? Expression.GreaterThanOrEqual(call, zero) : Expression.GreaterThan(call, zero));
        }
        return descending ? (orEqual ? Expression.LessThanOrEqual(left, right) : Expression.LessThan(left, right))
            : (orEqual ? Expression.GreaterThanOrEqual(left, right) : Expression.GreaterThan(left, right));
    }

    /// <summary>A captured value, so that EF Core sends it as a parameter (one plan for every page).</summary>
    private static Expression Parameter<T>(T value)
    {
        var box = new Box<T>(value);
        return Expression.Property(Expression.Constant(box), nameof(Box<T>.Value));
    }

    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }

    private async Task<List<ContentListRow>> RowsAsync(List<ContentVersion> versions, CancellationToken ct)
    {
        if (versions.Count == 0)
        {
            return [];
        }
        var levels = await chains.LevelsAsync(ct);
        var ids = versions.Select(v => v.Id).ToList();
        var reviews = await db.Set<VersionReview>().AsNoTracking().Where(r => ids.Contains(r.VersionId))
            .Select(r => new { r.VersionId, r.State, r.Contributors }).ToDictionaryAsync(r => r.VersionId, ct);
        var approvals = (await db.Set<ReviewApproval>().AsNoTracking().Where(a => ids.Contains(a.VersionId) && !a.Voided)
                .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, null)).ToListAsync(ct))
            .ToLookup(a => a.VersionId);
        var now = Now;
        return versions.Select(v =>
        {
            reviews.TryGetValue(v.Id, out var r);
            var reviewState = r?.State ?? (v.Published ? ReviewState.Published : ReviewState.Draft);
            var chain = ReviewChain.For(levels, v.ContentHash, approvals[v.Id], (r?.Contributors ?? v.Author).Split(',', StringSplitOptions.RemoveEmptyEntries));
            return new ContentListRow(v.ContentItemId, v.Id, v.ContentType, v.Title, v.Number, v.AccountId, v.Author,
                StateOf(v.Published, v.PublishedUtc, v.UnpublishAtUtc, r?.State, now), v.UpdatedUtc, v.ItemCreatedUtc, v.PublishedUtc, v.PublishAtUtc, v.UnpublishAtUtc,
                reviewState, chain);
        }).ToList();
    }

    /// <summary>A position in one order: the sort key of a row and its id, as an opaque string for the query string.</summary>
    internal sealed record Cursor(ContentListSort Sort, DateTime? Time, string? Text, long Id)
    {
        public static string Of(ContentListSort sort, ContentVersion v)
        {
            var key = sort switch
            {
                ContentListSort.Created => v.ItemCreatedUtc.Ticks.ToString(CultureInfo.InvariantCulture),
                ContentListSort.Title => v.Title,
                ContentListSort.Published => (v.PublishedUtc ?? default).Ticks.ToString(CultureInfo.InvariantCulture),
                _ => v.UpdatedUtc.Ticks.ToString(CultureInfo.InvariantCulture),
            };
            var raw = $"{(int)sort}|{v.Id.ToString(CultureInfo.InvariantCulture)}|{key}";
            return Convert.ToBase64String(Encoding.UTF8.GetBytes(raw)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        }

        public static Cursor? Parse(string text) => TryParse(text, null, out var c) ? c : null;

        public static bool TryParse(string? text, ContentListSort? sort, out Cursor? cursor)
        {
            cursor = null;
            if (string.IsNullOrEmpty(text) || text.Length > 2000)
            {
                return false;
            }
            try
            {
                var b64 = text.Replace('-', '+').Replace('_', '/');
                b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(b64)).Split('|', 3);
                if (parts.Length != 3 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var s) || !Enum.IsDefined((ContentListSort)s)
                    || (sort is { } expected && (ContentListSort)s != expected) || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out var id))
                {
                    return false;
                }
                var kind = (ContentListSort)s;
                if (kind == ContentListSort.Title)
                {
                    cursor = new Cursor(kind, null, parts[2], id);
                    return true;
                }
                if (!long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ticks) || ticks < 0 || ticks > DateTime.MaxValue.Ticks)
                {
                    return false;
                }
                cursor = new Cursor(kind, new DateTime(ticks, DateTimeKind.Utc), null, id);
                return true;
            }
            catch (FormatException)
            {
                return false;
            }
        }
    }
}
