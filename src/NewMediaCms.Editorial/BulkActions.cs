namespace NewMediaCms.Editorial;

/// <summary>The list's bulk actions.</summary>
public enum BulkAction
{
    Submit,
    Delete,
    Move,
}

/// <summary>What one item of a bulk action came to.</summary>
public sealed record BulkItemResult(string ItemId, string Title, bool Ok, string Message);

/// <summary>The per-item results of a bulk action, and the one sentence that sums them up.</summary>
public sealed record BulkResult(BulkAction Action, IReadOnlyList<BulkItemResult> Items)
{
    public int Succeeded => Items.Count(i => i.Ok);

    public IEnumerable<BulkItemResult> Failed => Items.Where(i => !i.Ok);

    /// <summary>"3 项已提交，1 项未能提交：《标题》已在审核中。"</summary>
    public string Summary
    {
        get
        {
            var (done, notDone) = Action switch
            {
                BulkAction.Submit => ("已提交审核", "未能提交"),
                BulkAction.Delete => ("已移入回收站", "未能删除"),
                _ => ("已移动", "未能移动"),
            };
            var failed = Failed.ToList();
            if (Items.Count == 0)
            {
                return "没有选中任何内容。";
            }
            var text = Succeeded > 0 ? $"{Succeeded} 项{done}" : "";
            if (failed.Count > 0)
            {
                text += (text.Length > 0 ? "，" : "") + $"{failed.Count} 项{notDone}：" + string.Join("；", failed.Select(f => $"《{f.Title}》{f.Message.TrimEnd('。')}")) + "。";
            }
            else
            {
                text += "。";
            }
            return text;
        }
    }
}

/// <summary>
/// Bulk submit, delete (to the recycle bin) and move: each item through its own command, with the command's own checks,
/// in its own save, so one refusal stops nothing else and leaves nothing half done.
/// </summary>
public sealed class BulkActions
{
    public const int MaxItems = 200;

    private readonly EditorialStore _store;
    private readonly ReviewService _review;
    private readonly RecycleBin _recycleBin;
    private readonly DraftService _drafts;
    private readonly EditorialQueries _queries;

    internal BulkActions(EditorialStore store, ReviewService review, RecycleBin recycleBin, DraftService drafts, EditorialQueries queries)
    {
        _store = store;
        _review = review;
        _recycleBin = recycleBin;
        _drafts = drafts;
        _queries = queries;
    }

    public async Task<BulkResult> RunAsync(EditorialActor actor, BulkAction action, IReadOnlyCollection<string> itemIds, string? accountId = null, CancellationToken ct = default)
    {
        var results = new List<BulkItemResult>();
        foreach (var id in itemIds.Where(i => !string.IsNullOrWhiteSpace(i)).Distinct(StringComparer.Ordinal).Take(MaxItems))
        {
            var title = (await _queries.HistoryAsync(id, ct))?.Versions.FirstOrDefault(v => v.Latest)?.Title ?? id;
            EditorialResult result;
            try
            {
                result = action switch
                {
                    BulkAction.Submit => await _review.SubmitAsync(actor, id, ct),
                    BulkAction.Delete => await _recycleBin.DeleteAsync(actor, id, ct),
                    _ => await _drafts.MoveAsync(actor, id, accountId, ct),
                };
            }
            finally
            {
                // A refused command may leave tracked rows behind (a review row it created to read): the next item starts clean.
                _store.Db.ChangeTracker.Clear();
            }
            var message = result.Ok ? result.Message
                : result.Message + (result.Validation is { Errors.Count: > 0 } v ? " " + string.Join(" ", v.Errors.Values) : "");
            results.Add(new BulkItemResult(id, title, result.Ok, message));
        }
        return new BulkResult(action, results);
    }
}
