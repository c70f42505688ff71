using NewMediaCms.Content;

namespace NewMediaCms.Editorial;

/// <summary>The things a person can do to a content item.</summary>
public enum ContentAction
{
    Edit,
    Submit,
    Approve,
    Reject,
    Publish,
    Schedule,
    Unpublish,
    Delete,
    Move,
    Restore,
    Undelete,
    Purge,
}

/// <summary>
/// One action for one person: offered (<see cref="Allowed"/>), or not yet possible with the reason (<see cref="Reason"/>),
/// or not theirs at all (neither: the page does not show it).
/// </summary>
public sealed record ActionAnswer(ContentAction Action, bool Allowed, string? Reason)
{
    public bool Shown => Allowed || Reason is not null;
}

/// <summary>What the signed-in person may do to an item in its state, with the reasons: the pages and the API show it.</summary>
public sealed class ContentActions
{
    private readonly Dictionary<ContentAction, ActionAnswer> _answers;

    internal ContentActions(IEnumerable<ActionAnswer> answers) => _answers = answers.ToDictionary(a => a.Action);

    public ActionAnswer this[ContentAction action] => _answers[action];

    public bool Can(ContentAction action) => _answers[action].Allowed;

    public string? Why(ContentAction action) => _answers[action].Allowed ? null : _answers[action].Reason;

    public IEnumerable<ActionAnswer> All => _answers.Values.OrderBy(a => a.Action);

    public IEnumerable<ContentAction> Allowed => All.Where(a => a.Allowed).Select(a => a.Action);
}

/// <summary>
/// The one place that decides which actions fit: the commands' own guards (<see cref="EditorialStore"/>'s role checks)
/// and the <see cref="ReviewChain"/>'s rules (who may approve or reject), applied to the item's state. The commands keep
/// their checks (a stale page still gets a clear refusal); tests hold the two to the same answers.
/// </summary>
public sealed class ContentActionsService
{
    private readonly EditorialStore _store;

    internal ContentActionsService(EditorialStore store) => _store = store;

    /// <summary>Why <paramref name="actor"/> may not write or edit content here (the editor page says it instead of offering 保存), or null.</summary>
    public string? EditRefusal(EditorialActor actor) => _store.CheckEditor(actor)?.Message;

    /// <summary>The actions on an item, from its history (the item page).</summary>
    public ContentActions For(EditorialActor actor, ItemHistory history)
    {
        var latest = history.Versions.Single(v => v.Latest);
        var item = history.Item;
        var chain = history.LatestChain;
        return Decide(actor, item.Deleted, latest.Published, item.Versions.Any(v => v.Published), latest.State, chain, history.Versions.Count > 1 || latest.Published);
    }

    /// <summary>The actions on a row of the list (whether an older version is public is not known there: no 取消发布).</summary>
    public ContentActions For(EditorialActor actor, ContentListRow row)
        => Decide(actor, false, row.State == ListState.Published, row.State == ListState.Published, row.ReviewState, row.Chain, false);

    internal ContentActions Decide(EditorialActor actor, bool deleted, bool latestPublished, bool anyPublished, ReviewState state, ReviewChain chain, bool hasHistory)
    {
        var editor = _store.CheckEditor(actor) is null;
        var manager = _store.CheckManager(actor) is null;
        var publisher = _store.CheckPublisher(actor) is null;
        var admin = _store.CheckDepartmentAdmin(actor, "") is null;
        var inDepartment = _store.CheckDepartment(actor, "审批") is null;
        var answers = new List<ActionAnswer>();

        ActionAnswer Answer(ContentAction action, bool mine, string? notNow)
            => new(action, mine && notNow is null, mine ? notNow : null);

        const string InBin = "该内容在回收站中，请先恢复。";
        answers.Add(Answer(ContentAction.Edit, editor, deleted ? InBin : null));
        answers.Add(Answer(ContentAction.Submit, editor, deleted ? InBin : latestPublished ? "已发布。如需修改，请先编辑，系统会生成新的草稿。" : state switch
        {
            ReviewState.Draft or ReviewState.Rejected => null,
            ReviewState.InReview => "已在审核中" + Waiting(chain),
            ReviewState.Approved or ReviewState.Scheduled => "已通过全部审核，可以直接发布。",
            _ => "该版本已经发布。",
        }));

        // Approve and reject: only for the reviewers of the chain (and matrix administrators, who may be named at a level).
        var myLevel = chain.Levels.FirstOrDefault(l => ReviewChain.IsNamedAt(actor, l));
        var reviewer = inDepartment && myLevel is not null;
        answers.Add(Answer(ContentAction.Approve, reviewer, deleted ? InBin : state switch
        {
            ReviewState.InReview => ApproveRefusal(actor, chain),
            ReviewState.Draft => "尚未提交审核。",
            ReviewState.Rejected => "已被退回，等待编辑修改后重新提交。",
            ReviewState.Approved or ReviewState.Scheduled => "已通过全部审核级别。",
            _ => "已经发布，无需审核。",
        }));
        answers.Add(Answer(ContentAction.Reject, reviewer, deleted ? InBin : state switch
        {
            ReviewState.InReview or ReviewState.Approved or ReviewState.Scheduled => chain.CheckRejecter(actor, out _)?.Message,
            ReviewState.Draft => "尚未提交审核。",
            ReviewState.Rejected => "已被退回。",
            _ => "已经发布，不能退回；如需撤下请使用“取消发布”。",
        }));

        answers.Add(Answer(ContentAction.Publish, publisher, deleted ? InBin : latestPublished ? "已发布。" : state switch
        {
            ReviewState.Approved or ReviewState.Scheduled when chain.IsFullyApprovedFor(chain.ContentHash) => null,
            ReviewState.Approved or ReviewState.Scheduled => "审核记录与当前内容不符，请重新提交审核。",
            ReviewState.InReview => PublishWaits(chain),
            ReviewState.Rejected => "已被退回，修改后重新提交并通过全部审核才能发布。",
            _ => "尚未提交审核；通过全部审核后才能发布。",
        }));
        answers.Add(Answer(ContentAction.Schedule, manager, deleted ? InBin : null));
        answers.Add(Answer(ContentAction.Unpublish, manager, deleted ? InBin : anyPublished ? null : "当前没有已发布的版本。"));
        answers.Add(Answer(ContentAction.Delete, manager, deleted ? "已在回收站中。" : null));
        answers.Add(Answer(ContentAction.Move, editor, deleted ? InBin : null));
        answers.Add(Answer(ContentAction.Restore, editor, deleted ? InBin : hasHistory ? null : "只有一个版本，没有可恢复的旧版本。"));
        answers.Add(Answer(ContentAction.Undelete, manager, deleted ? null : "未删除。"));
        answers.Add(Answer(ContentAction.Purge, admin, deleted ? null : "只能彻底清除回收站中的内容。"));
        return new ContentActions(answers);
    }

    /// <summary>Why the reviewer may not approve now: the chain's own refusal, told as "waiting for level n" when their level comes later.</summary>
    private static string? ApproveRefusal(EditorialActor actor, ReviewChain chain)
    {
        if (chain.CheckApprover(actor, null) is not { } refused)
        {
            return null;
        }
        if (chain.NextLevel is { } next && !chain.IsContributor(actor) && !ReviewChain.IsNamedAt(actor, next)
            && chain.Levels.FirstOrDefault(l => l.Level > next.Level && ReviewChain.IsNamedAt(actor, l)) is { } later
            && chain.Valid.All(a => !string.Equals(a.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase)))
        {
            return $"等待{next.Name}：第 {next.Level} 级“{next.Name}”通过后，才轮到您审核（第 {later.Level} 级“{later.Name}”）。";
        }
        if (chain.IsContributor(actor))
        {
            return "不能审核自己撰写或提交的内容。";
        }
        return refused.Message;
    }

    private static string Waiting(ReviewChain chain)
        => chain.NextLevel is { } next ? $"，等待{next.Name}（已通过 {chain.ApprovedLevels}/{chain.Levels.Count} 级）。" : "。";

    private static string PublishWaits(ReviewChain chain)
    {
        var last = chain.Levels.Count > 0 ? chain.Levels[^1].Name : "审核";
        return $"需要{last}通过后才能发布（已通过 {chain.ApprovedLevels}/{chain.Levels.Count} 级" + (chain.NextLevel is { } next ? $"，等待{next.Name}）。" : "）。");
    }
}
