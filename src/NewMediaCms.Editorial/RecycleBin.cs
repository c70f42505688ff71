using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Events;
using static NewMediaCms.Editorial.EditorialStore;

namespace NewMediaCms.Editorial;

/// <summary>The department's recycle bin (回收站): soft delete, undelete, and the explicit, audited purge.</summary>
public sealed class RecycleBin
{
    private readonly EditorialStore _store;

    internal RecycleBin(EditorialStore store) => _store = store;

    /// <summary>Soft delete: hidden everywhere, kept until an explicit purge.</summary>
    public async Task<EditorialResult> DeleteAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (_store.CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await _store.LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        item.Deleted = true;
        item.DeletedUtc = _store.Now;
        var latest = item.Versions.Single(v => v.Latest);
        _store.Db.Raise(new ContentDeleted(item.TenantId, item.Id));
        _store.Audit(new AuditRecord("content.deleted", "ContentItem", item.Id, Ref(latest), "deleted", $"删除“{latest.Title}”（可由管理员彻底清除）", Actor: actor.UserName));
        await _store.Db.SaveChangesAsync(ct);
        return EditorialResult.Success("内容已删除。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>Takes an item out of the recycle bin: it is back in the editors' lists, and public again if a version was published.</summary>
    public async Task<EditorialResult> UndeleteAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (_store.CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await _store.Content.FindItemAsync(itemId, includeDeleted: true, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!item.Deleted)
        {
            return Invalid("该内容没有被删除，无需恢复。");
        }
        item.Deleted = false;
        item.DeletedUtc = null;
        var latest = item.Versions.Single(v => v.Latest);
        if (item.Versions.FirstOrDefault(v => v.Published) is { } published)
        {
            // Readers see it again: the same event as a publication re-indexes it and evicts the cached pages.
            _store.Db.Raise(new ContentPublished(item.TenantId, item.Id, published.Id, item.ContentType));
        }
        _store.Audit(new AuditRecord("content.undeleted", "ContentItem", item.Id, "deleted", Ref(latest), $"从回收站恢复“{latest.Title}”", Actor: actor.UserName));
        await _store.Db.SaveChangesAsync(ct);
        return EditorialResult.Success("内容已从回收站恢复。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>Removes a deleted item and all its versions for good. Department admins only; the reason is audited.</summary>
    public async Task<EditorialResult> PurgeAsync(EditorialActor actor, string itemId, string? reason, CancellationToken ct = default)
    {
        if (_store.CheckDepartmentAdmin(actor, "只有本部门管理员可以彻底清除内容。") is { } refused)
        {
            return refused;
        }
        var item = await _store.Content.FindItemAsync(itemId, includeDeleted: true, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!item.Deleted)
        {
            return Invalid("只能彻底清除已删除的内容，请先删除。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Invalid("彻底清除不可恢复，请填写清除原因。");
        }
        var latest = item.Versions.OrderByDescending(v => v.Number).First();
        var versionIds = item.Versions.Select(v => v.Id).ToList();
        var db = _store.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<VersionReview>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        await db.Set<ReviewApproval>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        await db.Set<ReviewComment>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        await db.Set<ReviewerView>().Where(r => r.ContentItemId == item.Id).ExecuteDeleteAsync(ct);
        _store.Content.Remove(item);
        _store.Audit(new AuditRecord("content.purged", "ContentItem", item.Id, $"{Ref(latest)} versions={item.Versions.Count}", null,
            $"彻底清除“{latest.Title}”（{item.Versions.Count} 个版本）：{reason.Trim()}", Actor: actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new EditorialResult(EditorialOutcome.Ok, "内容已彻底清除。", item.Id);
    }
}
