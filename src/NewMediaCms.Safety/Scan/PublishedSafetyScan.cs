using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content.Published;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Safety;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Safety.Detection;
using NewMediaCms.Safety.Gate;

namespace NewMediaCms.Safety.Scan;

/// <summary>What one scan did.</summary>
public sealed record SafetyScanResult(int Versions, int Findings, TimeSpan Took);

/// <summary>
/// The stored-content scan (a recurring job): every published version of every department is checked with its
/// department's compiled dictionary, in batches read by version id, the batch's texts checked in parallel; the
/// findings replace those of the previous scan. <see cref="SafetyEvidence"/> reads them.
/// </summary>
public sealed class PublishedSafetyScan(NmcDbContext db, ITenantContext tenant, IPublishedContentSource published, SafetyCheck check, SafetyEngine engine, TimeProvider time)
{
    public const int BatchSize = 2000;

    public async Task RunAsync(CancellationToken cancellationToken) => await ScanAsync(cancellationToken);

    public async Task<SafetyScanResult> ScanAsync(CancellationToken ct)
    {
        var started = time.GetTimestamp();
        using var scope = tenant.BeginMatrixScope();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now.AddHours(8));
        var overrides = (await db.Set<SafetyOverrideRecord>().AcrossTenants().AsNoTracking().Select(o => new { o.VersionId, o.ContentHash }).ToListAsync(ct))
            .Select(o => (o.VersionId, o.ContentHash)).ToHashSet();
        var compiled = new Dictionary<string, CompiledDictionary>();
        var pending = new List<StoredSafetyFinding>();
        int versions = 0, total = 0;
        await db.Set<StoredSafetyFinding>().AcrossTenants().ExecuteDeleteAsync(ct);
        long after = 0;
        while (true)
        {
            var batch = await published.SourcesAfterAsync(after, BatchSize, ct);
            if (batch.Count == 0)
            {
                break;
            }
            after = batch[^1].VersionId;
            versions += batch.Count;
            foreach (var t in batch.Select(b => b.TenantId).Distinct())
            {
                if (!compiled.ContainsKey(t))
                {
                    compiled[t] = await check.CompiledAsync(t, ct);
                }
            }
            var found = new ConcurrentBag<StoredSafetyFinding>();
            Parallel.ForEach(batch, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount }, v =>
            {
                var input = new ContentSafetyInput(v.TenantId, v.ItemId, v.VersionId, v.ContentHash, v.Title, v.Markdown, ContentFields.Parse(v.FieldsJson));
                foreach (var f in engine.Check(compiled[v.TenantId], ContentSafetyGate.PlainTexts(input).ToList(), today))
                {
                    found.Add(new StoredSafetyFinding
                    {
                        TenantId = v.TenantId, AccountId = v.AccountId, ContentItemId = v.ItemId, VersionId = v.VersionId, ContentHash = v.ContentHash,
                        Title = Cut(v.Title, 300), RuleCode = f.RuleCode, Tier = SafetyTiers.DisplayName(f.Tier), Detector = f.Detector, Field = f.Field,
                        Start = f.Start, Length = f.Length, Excerpt = Cut(f.Matched, 300), Suggestion = f.Suggestion is null ? null : Cut(f.Suggestion, 300),
                        Overridden = f.Tier == SafetyTier.Serious && overrides.Contains((v.VersionId, v.ContentHash)), FoundUtc = now,
                    });
                }
            });
            pending.AddRange(found);
            total += found.Count;
            if (pending.Count >= 1000)
            {
                await FlushAsync(pending, ct);
            }
        }
        await FlushAsync(pending, ct);
        return new SafetyScanResult(versions, total, time.GetElapsedTime(started));
    }

    private async Task FlushAsync(List<StoredSafetyFinding> pending, CancellationToken ct)
    {
        if (pending.Count == 0)
        {
            return;
        }
        db.AddRange(pending);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        pending.Clear();
    }

    private static string Cut(string s, int max) => s.Length > max ? s[..max] : s;
}
