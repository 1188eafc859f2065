using Grove.Core.Review;

namespace Grove.Web.Components.Changes;

/// <summary>The panel's part in comments on diff lines: "Jump to" from the pending list opens the comment's file.</summary>
public sealed partial class ChangesPanel
{
    private string? _scrollToComment;

    private async Task JumpToCommentAsync(ReviewComment comment)
    {
        _tab = PanelTab.Changes;
        _scrollToComment = comment.Id;
        var uncommitted = _view is { } view && view.Staged.Concat(view.Unstaged).Any(f => f.Path == comment.Path);
        await OpenDiffAsync(new DiffSelection(comment.Path, Committed: !uncommitted));
    }
}
