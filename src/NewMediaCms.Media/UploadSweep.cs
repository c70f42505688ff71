using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Media.Storage;

namespace NewMediaCms.Media;

/// <summary>
/// The hourly sweep of abandoned chunked uploads (every department): an upload created more than
/// <see cref="MediaOptions.UploadLifetime"/> ago and never completed loses its row and its received bytes. Stored files
/// are never touched. Declared as a recurring job in Program.cs.
/// </summary>
public sealed class UploadSweep(NmcDbContext db, NewMediaCms.Core.Tenancy.ITenantContext tenant, IMediaStorage storage, IOptions<MediaOptions> options, TimeProvider time, ILogger<UploadSweep> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken) => await SweepAsync(cancellationToken);

    /// <summary>Removes the abandoned uploads; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        // Every department's uploads: an explicit matrix scope (the store refuses cross-department writes otherwise).
        using var matrix = tenant.BeginMatrixScope();
        var cutoff = time.GetUtcNow().UtcDateTime - options.Value.UploadLifetime;
        var swept = 0;
        while (true)
        {
            var batch = await db.Set<MediaUpload>().AcrossTenants().Where(u => u.CreatedUtc < cutoff).OrderBy(u => u.CreatedUtc).Take(200).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var upload in batch)
            {
                // Bytes first: a crash between the two leaves a row whose bytes are gone, which the next sweep removes.
                await storage.DeleteAsync(upload.StorageKey, ct);
                db.Remove(upload);
            }
            await db.SaveChangesAsync(ct);
            swept += batch.Count;
        }
        if (swept > 0)
        {
            logger.LogInformation("已清理 {Count} 个超过 {Lifetime} 未完成的分片上传。", swept, options.Value.UploadLifetime);
        }
        return swept;
    }
}
