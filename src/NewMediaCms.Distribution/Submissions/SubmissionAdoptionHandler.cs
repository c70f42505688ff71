using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>
/// When the desk publishes its copy of an adopted submission (by an editor or by the schedule), the submission counts
/// as 采用 from that instant: in the same unit of work as the publication, with its event.
/// </summary>
internal sealed class SubmissionAdoptionHandler(TenantRegistry registry, TimeProvider clock) : IDomainEventHandler<ContentPublished>
{
    public async Task HandleAsync(ContentPublished published, NmcDbContext db, CancellationToken cancellationToken)
    {
        var submissions = await db.Set<Submission>().AcrossTenants()
            .Where(s => s.TenantId == published.TenantId && s.AdoptedItemId == published.ContentItemId && s.State == SubmissionState.Adopting)
            .ToListAsync(cancellationToken);
        foreach (var submission in submissions)
        {
            submission.State = SubmissionState.Adopted;
            submission.AdoptedUtc = clock.GetUtcNow().UtcDateTime;
            db.Raise(new SubmissionAdoptionPublished(SubmissionService.PartiesOf(submission, registry), published.ContentItemId));
        }
    }
}
