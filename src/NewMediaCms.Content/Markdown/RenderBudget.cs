using System.Diagnostics;
using Markdig;
using Markdig.Helpers;
using Markdig.Parsers;

namespace NewMediaCms.Content.Markdown;

/// <summary>
/// The time one render may take, and the caller's cancellation (an abandoned request stops its render). Markdig has no
/// cancellation of its own: <see cref="BudgetInlineHook"/> and <see cref="BudgetBlockHook"/> are parsers that match
/// nothing and only look at the clock, called by Markdig before every line and every inline token; the sanitiser looks
/// at it for every node (see <see cref="MarkdownRenderer"/>).
/// </summary>
internal sealed class RenderBudget(TimeSpan limit, CancellationToken cancellation)
{
    private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);

    public TimeSpan Limit { get; } = limit;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Throws <see cref="OperationCanceledException"/> when the caller cancelled, <see cref="RenderBudgetExceededException"/> when the time is up.</summary>
    public void Check()
    {
        Cancellation.ThrowIfCancellationRequested();
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            throw new RenderBudgetExceededException();
        }
    }

    /// <summary>The budget of the render running on this thread (the sanitiser's node callback has no other way to reach it).</summary>
    [ThreadStatic]
    internal static RenderBudget? Current;
}

internal sealed class RenderBudgetExceededException : Exception;

/// <summary>Carries the budget into Markdig's parsers.</summary>
internal sealed class BudgetContext(RenderBudget budget) : MarkdownParserContext
{
    public RenderBudget Budget { get; } = budget;
}

internal sealed class BudgetInlineHook : InlineParser
{
    public BudgetInlineHook() => OpeningCharacters = null;

    public override bool Match(InlineProcessor processor, ref StringSlice slice)
    {
        (processor.Context as BudgetContext)?.Budget.Check();
        return false;
    }
}

internal sealed class BudgetBlockHook : BlockParser
{
    public BudgetBlockHook() => OpeningCharacters = null;

    public override BlockState TryOpen(BlockProcessor processor)
    {
        (processor.Context as BudgetContext)?.Budget.Check();
        return BlockState.None;
    }
}
