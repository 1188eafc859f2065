using Bunit;
using Grove.Core.Domain;
using Grove.Core.Review;
using Grove.Services.Changes;
using Grove.Services.Review;
using Grove.Testing;
using Grove.Web.Changes;
using Grove.Web.Components.Changes;
using Grove.Web.Components.Composer;
using Microsoft.AspNetCore.Components.Web;

namespace Grove.Web.Tests.Changes;

/// <summary>Comments on diff lines in the UI: the gutter, the inline editor, the pending list and the composer's chip, over the real service.</summary>
public sealed class DiffCommentTests : ChangesBed
{
    [Fact]
    public async Task Clicking_a_line_number_opens_the_editor_and_ctrl_enter_saves_the_comment_under_the_line()
    {
        using var repo = TestRepository.Create();
        var (workspace, view) = await RenderDiffAsync(repo);

        await view.InvokeAsync(() => view.Find(".line[data-new='2'] .gutter").Click());
        var editor = view.Find("[data-test='comment-editor']");
        Assert.Equal("src/app.txt:2", editor.GetAttribute("data-location"));
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").Input("Why two?"));
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = true }));

        var stored = Assert.Single(await Get<IReviewComments>().ListAsync(workspace.Id, cancellationToken: Ct));
        Assert.Equal(("src/app.txt", 2, 2, ReviewSide.New, "line two", "Why two?"), (stored.Path, stored.StartLine, stored.EndLine, stored.Side, stored.QuotedCode, stored.Body));
        view.WaitForAssertion(() =>
        {
            Assert.Empty(view.FindAll("[data-test='comment-editor']"));
            var card = view.Find("[data-test='review-comment']");
            Assert.Equal("src/app.txt:2", card.GetAttribute("data-location"));
            Assert.Equal("Why two?", card.QuerySelector("[data-test='comment-body']")!.TextContent);
            Assert.Contains("line two", card.PreviousElementSibling!.TextContent, StringComparison.Ordinal);
        }, TestTimeouts.Default);
    }

    [Fact]
    public async Task Shift_click_extends_to_a_range_and_escape_cancels_without_saving()
    {
        using var repo = TestRepository.Create();
        var (workspace, view) = await RenderDiffAsync(repo);

        await view.InvokeAsync(() => view.Find(".line[data-new='1'] .gutter").Click());
        await view.InvokeAsync(() => view.Find(".line[data-new='3'] .gutter").Click(new MouseEventArgs { ShiftKey = true }));

        Assert.Equal("src/app.txt:1-3", view.Find("[data-test='comment-editor']").GetAttribute("data-location"));
        Assert.Equal(3, view.FindAll(".line.selected").Count);
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").Input("Not saved"));
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").KeyDown(new KeyboardEventArgs { Key = "Escape" }));

        Assert.Empty(view.FindAll("[data-test='comment-editor']"));
        Assert.Empty(view.FindAll(".line.selected"));
        Assert.Empty(await Get<IReviewComments>().ListAsync(workspace.Id, cancellationToken: Ct));
    }

    [Fact]
    public async Task A_range_is_saved_with_the_lines_the_diff_showed_and_a_deleted_line_takes_an_old_side_comment()
    {
        using var repo = TestRepository.Create();
        var (workspace, view) = await RenderDiffAsync(repo);

        await view.InvokeAsync(() => view.Find(".line[data-new='2'] .gutter").Click());
        await view.InvokeAsync(() => view.Find(".line[data-new='3'] .gutter").Click(new MouseEventArgs { ShiftKey = true }));
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").Input("Range"));
        await view.InvokeAsync(() => view.Find("[data-action='save-comment']").Click());
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-test='review-comment']")), TestTimeouts.Default);
        await view.InvokeAsync(() => view.Find(".line.del[data-old='2'] .gutter").Click());
        Assert.Equal("src/app.txt:2 (old)", view.Find("[data-test='comment-editor']").GetAttribute("data-location"));
        await view.InvokeAsync(() => view.Find("[data-test='comment-text']").Input("Why removed?"));
        await view.InvokeAsync(() => view.Find("[data-action='save-comment']").Click());

        var stored = await Get<IReviewComments>().ListAsync(workspace.Id, cancellationToken: Ct);
        Assert.Equal(2, stored.Count);
        Assert.Equal("line two\nline 3", stored[0].QuotedCode);
        Assert.Equal((ReviewSide.Old, 2, "line 2"), (stored[1].Side, stored[1].StartLine, stored[1].QuotedCode));
        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-test='review-comment']").Count), TestTimeouts.Default);
    }

    [Fact]
    public async Task The_panel_lists_pending_comments_and_edits_and_deletes_them()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/app.txt", "line 1\nline two\nline 3\n");
        var comments = Get<IReviewComments>();
        var panel = await RenderSettledAsync(workspace);
        await comments.AddAsync(workspace.Id, new NewReviewComment { Path = "src/app.txt", StartLine = 2, Body = "First" }, Ct);
        await comments.AddAsync(workspace.Id, new NewReviewComment { Path = "README.md", StartLine = 1, Body = "Second" }, Ct);

        WaitFor(panel, () => Assert.Contains("Pending comments (2)", panel.Find("[data-test='pending-comments']").TextContent, StringComparison.Ordinal));
        await ClickAsync(panel, "[data-test='pending-comments'] [data-location='src/app.txt:2'] [data-action='edit-comment']");
        await InputAsync(panel, "[data-test='pending-comments'] [data-test='comment-text']", "First, edited");
        await ClickAsync(panel, "[data-test='pending-comments'] [data-action='save-comment']");
        WaitFor(panel, () => Assert.Contains("First, edited", panel.Find("[data-test='pending-comments']").TextContent, StringComparison.Ordinal));
        await ClickAsync(panel, "[data-test='pending-comments'] [data-location='README.md:1'] [data-action='delete-comment']");
        WaitFor(panel, () => Assert.Contains("Pending comments (1)", panel.Find("[data-test='pending-comments']").TextContent, StringComparison.Ordinal));

        await ClickAsync(panel, "[data-action='jump-to-comment']");
        WaitFor(panel, () =>
        {
            Assert.Equal("src/app.txt", panel.Find("[data-test='diff']").GetAttribute("data-path"));
            Assert.Equal(2, panel.FindAll("[data-comment]").Count); // in the list and under its line in the diff
        });
        Assert.Equal("First, edited", Assert.Single(await comments.ListAsync(workspace.Id, cancellationToken: Ct)).Body);
    }

    [Fact]
    public async Task The_composer_chip_counts_pending_comments_and_follows_changes()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var comments = Get<IReviewComments>();
        var chip = Render<ReviewCommentsChip>(p => p.Add(x => x.WorkspaceId, workspace.Id).Add(x => x.TabId, "tab_none"));
        Assert.Empty(chip.FindAll("[data-test='review-chip']"));

        var added = await comments.AddAsync(workspace.Id, new NewReviewComment { Path = "README.md", StartLine = 1, Body = "One" }, Ct);
        chip.WaitForAssertion(() => Assert.Contains("1 review comment will be sent", chip.Find("[data-test='review-chip']").TextContent, StringComparison.Ordinal), TestTimeouts.Default);
        await comments.AddAsync(workspace.Id, new NewReviewComment { Path = "src/app.txt", StartLine = 1, Body = "Two" }, Ct);
        chip.WaitForAssertion(() => Assert.Equal("2", chip.Find("[data-test='review-chip']").GetAttribute("data-count")), TestTimeouts.Default);
        await comments.DeleteAsync(workspace.Id, added.Id, Ct);
        chip.WaitForAssertion(() => Assert.Equal("1", chip.Find("[data-test='review-chip']").GetAttribute("data-count")), TestTimeouts.Default);
    }

    private async Task<(Workspace Workspace, IRenderedComponent<DiffView> View)> RenderDiffAsync(TestRepository repo)
    {
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/app.txt", "line 1\nline two\nline 3\n");
        var diff = await Get<IWorkspaceChanges>().GetUncommittedDiffAsync(workspace.Id, "src/app.txt", Ct);
        var files = UnifiedDiffParser.Parse(diff);
        var view = Render<DiffView>(p => p.Add(x => x.Files, files).Add(x => x.Path, "src/app.txt").Add(x => x.WorkspaceId, workspace.Id));
        return (workspace, view);
    }
}
