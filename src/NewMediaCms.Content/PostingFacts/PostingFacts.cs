using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Content.PostingFacts;

/// <summary>
/// The posting facts of the inspection (<see cref="IPostingFacts"/>) in set-based SQL over the versions, which carry their
/// item's account, type and deletion (copied on save by <see cref="ItemFactsInterceptor"/>), so most reads need no join.
/// </summary>
internal sealed class PostingFactsReader(NmcDbContext db) : IPostingFacts
{
    /// <remarks>
    /// <para>On SQLite the covering index IX_ContentVersions_Posting (published, deleted, account, type, department, time)
    /// is read in order, the GROUP BY streaming without a sort; only versions inside the NM-D12 window read their fields for
    /// the repost marker (the CASE is evaluated left to right). PostgreSQL scans the versions and hashes the groups. Joining
    /// the items here instead (one index seek per post) took 9 s of the 32 s inspection of 1,000,000 posts on SQLite.</para>
    /// </remarks>
    public async Task<List<PostingAggregate>> PostingAggregatesAsync(PostingWindows w, string repostMarker, CancellationToken ct)
    {
        // The repost marker test as EF Core translates string.Contains on each provider.
        var containsMarker = db.Database.IsNpgsql() ? "strpos(v.\"FieldsJson\", {6}) > 0" : "instr(v.\"FieldsJson\", {6}) > 0";
        var sql = $$"""
            SELECT v."TenantId" AS "TenantId", v."AccountId" AS "AccountId", v."ContentType" AS "ContentType",
                MAX(CASE WHEN v."PublishedUtc" <= {1} THEN v."PublishedUtc" END) AS "Last",
                COUNT(CASE WHEN v."PublishedUtc" <= {1} THEN 1 END) AS "Total",
                COUNT(CASE WHEN v."PublishedUtc" > {2} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P14",
                COUNT(CASE WHEN v."PublishedUtc" > {3} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P30",
                COUNT(CASE WHEN v."PublishedUtc" > {4} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P90",
                COUNT(CASE WHEN v."PublishedUtc" > {5} AND v."PublishedUtc" <= {1} AND NOT ({{containsMarker}}) THEN 1 END) AS "Originals",
                COUNT(CASE WHEN v."PublishedUtc" > {1} THEN 1 END) AS "Future"
            FROM "ContentVersions" AS v
            WHERE v."Published" = {0} AND v."ItemDeleted" = {7} AND v."PublishedUtc" IS NOT NULL
            GROUP BY v."AccountId", v."ContentType", v."TenantId"
            """;
        var rows = await db.Database.SqlQueryRaw<AggregateRow>(sql, true, w.FutureLimit, w.Since14, w.Since30, w.Since90, w.OriginalsSince, repostMarker, false)
            .ToListAsync(ct);
        return rows.Select(r => new PostingAggregate(r.TenantId, r.AccountId, r.ContentType, Utc(r.Last), r.Total, r.P14, r.P30, r.P90, r.Originals, r.Future)).ToList();
    }

    /// <summary>Found by time in IX_ContentVersions_ReviewEvidence (a seek per distinct time, in chunks of 500). Deleted items
    /// are returned flagged rather than filtered, so that SQLite seeks by time (not by the deletion flag).</summary>
    public async Task<List<PublishedAt>> PublishedAtAsync(IReadOnlyCollection<DateTime> instantsUtc, CancellationToken ct)
    {
        var result = new List<PublishedAt>();
        foreach (var chunk in instantsUtc.Chunk(500))
        {
            var parameters = new List<object> { true };
            var times = string.Join(", ", chunk.Select(t =>
            {
                parameters.Add(t);
                return "{" + (parameters.Count - 1) + "}";
            }));
            var sql = $"""
                SELECT v."AccountId" AS "AccountId", v."ContentItemId" AS "Id", v."Title" AS "Title", v."PublishedUtc" AS "PublishedUtc", v."ItemDeleted" AS "ItemDeleted"
                FROM "ContentVersions" AS v
                WHERE v."Published" = {"{0}"} AND v."PublishedUtc" IN ({times})
                """;
            foreach (var r in await db.Database.SqlQueryRaw<PublishedAtRow>(sql, parameters.ToArray()).ToListAsync(ct))
            {
                // Compared with the aggregate's times, which carry the UTC kind as well.
                result.Add(new PublishedAt(r.AccountId, r.Id, r.Title, Utc(r.PublishedUtc), r.ItemDeleted));
            }
        }
        return result;
    }

    /// <summary>Items of those types found in IX_ContentItems_Inspection, each one's published version by IX_ContentVersions_Inspection.</summary>
    public async Task<List<PublishedItemFacts>> FieldItemsAsync(IReadOnlyCollection<string> types, DateTime notAfterUtc, CancellationToken ct)
    {
        var parameters = new List<object> { true, notAfterUtc };
        var list = string.Join(", ", types.Select(t =>
        {
            parameters.Add(t);
            return "{" + (parameters.Count - 1) + "}";
        }));
        var sql = $"""
            SELECT i."Id" AS "Id", i."TenantId" AS "TenantId", i."AccountId" AS "AccountId", i."ContentType" AS "ContentType",
                v."Title" AS "Title", v."FieldsJson" AS "FieldsJson", v."PublishedUtc" AS "PublishedUtc"
            FROM "ContentItems" AS i CROSS JOIN "ContentVersions" AS v
            WHERE i."ContentType" IN ({list}) AND NOT i."Deleted" AND v."ContentItemId" = i."Id"
                AND v."Published" = {"{0}"} AND v."PublishedUtc" IS NOT NULL AND v."PublishedUtc" <= {"{1}"}
            """;
        return (await db.Database.SqlQueryRaw<FieldItemRow>(sql, parameters.ToArray()).ToListAsync(ct))
            .Select(r => new PublishedItemFacts(r.Id, r.TenantId, r.AccountId, r.ContentType, r.Title, r.FieldsJson, Utc(r.PublishedUtc)))
            .ToList();
    }

    public async Task<List<PublishedItemFacts>> FutureDatedAsync(DateTime afterUtc, int take, CancellationToken ct)
        => await (from v in db.Set<ContentVersion>().AcrossTenants()
                  join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                  where v.Published && v.PublishedUtc > afterUtc
                  orderby v.PublishedUtc
                  select new PublishedItemFacts(i.Id, i.TenantId, i.AccountId, i.ContentType, v.Title, "{}", v.PublishedUtc))
            .Take(take).AsNoTracking().ToListAsync(ct);

    public async Task<DateTime?> MiddlePublicationAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var published = db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published && v.PublishedUtc > fromUtc && v.PublishedUtc <= toUtc);
        var count = await published.CountAsync(ct);
        return count < 2 ? null : await published.OrderBy(v => v.PublishedUtc).Select(v => v.PublishedUtc).Skip(count / 2).FirstOrDefaultAsync(ct);
    }

    /// <summary>Raw SQL rows do not pass the model's UTC converter (SQLite gives unspecified kinds): stated here, as the model would.</summary>
    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private sealed class AggregateRow
    {
        public string TenantId { get; set; } = "";
        public string? AccountId { get; set; }
        public string ContentType { get; set; } = "";
        public DateTime? Last { get; set; }
        public int Total { get; set; }
        public int P14 { get; set; }
        public int P30 { get; set; }
        public int P90 { get; set; }
        public int Originals { get; set; }
        public int Future { get; set; }
    }

    private sealed class PublishedAtRow
    {
        public string? AccountId { get; set; }
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public DateTime? PublishedUtc { get; set; }
        public bool ItemDeleted { get; set; }
    }

    private sealed class FieldItemRow
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? AccountId { get; set; }
        public string ContentType { get; set; } = "";
        public string Title { get; set; } = "";
        public string FieldsJson { get; set; } = "{}";
        public DateTime? PublishedUtc { get; set; }
    }
}

/// <summary>The indexes the posting facts read (they belong with the tables they index).</summary>
internal sealed class PostingFactsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        // The per-account aggregate walks the published versions of items not deleted in (account, type, department) order
        // with their publication time, all in this index: the grouping streams without a sort or a join.
        modelBuilder.Entity<ContentVersion>()
            .HasIndex(v => new { v.Published, v.ItemDeleted, v.AccountId, v.ContentType, v.TenantId, v.PublishedUtc }, "IX_ContentVersions_Posting");
        // Items of a type (guides, policies, interpretations) and each one's published version, for the rules that read fields.
        modelBuilder.Entity<ContentItem>()
            .HasIndex(i => new { i.AccountId, i.ContentType, i.TenantId, i.Deleted, i.Id }, "IX_ContentItems_Inspection");
        modelBuilder.Entity<ContentVersion>()
            .HasIndex(v => new { v.ContentItemId, v.Published, v.PublishedUtc }, "IX_ContentVersions_Inspection");
    }
}

public static class PostingFactsServiceCollectionExtensions
{
    /// <summary>The posting facts port of the inspection, and the indexes it reads.</summary>
    public static IServiceCollection AddPostingFacts(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, PostingFactsModel>();
        services.AddScoped<IPostingFacts, PostingFactsReader>();
        return services;
    }
}
