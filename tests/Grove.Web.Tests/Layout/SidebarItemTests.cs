using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Changes;
using Grove.Web.Components.Layout;
using Grove.Web.Components.Workspaces;

namespace Grove.Web.Tests.Layout;

/// <summary>
/// A sidebar row renders again only when what it shows changed: the sidebar re-renders on every
/// status, usage and count change of any workspace, and a hundred rows must not all re-render each time.
/// </summary>
public sealed class SidebarItemTests : UiTestContext
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static readonly Workspace Feature = new()
    {
        Id = "ws1",
        ProjectId = "p1",
        Name = "feature",
        Branch = "feature",
        WorktreePath = "/tmp/nowhere",
    };

    private static WorkspaceTotals Totals(int files, DateTimeOffset at) => new("ws1", "feature", files, files * 2, files, 0, 0, null, at);

    private static WorkspaceUsage Usage(double cpu) => new("ws1", cpu, 50 * 1024 * 1024, 1);

    [Fact]
    public void The_same_values_again_do_not_render_the_row_and_every_change_of_a_shown_value_does()
    {
        var row = Render<SidebarItem>(p => p
            .Add(r => r.Workspace, Feature)
            .Add(r => r.Status, WorkspaceStatus.Running)
            .Add(r => r.Usage, Usage(12))
            .Add(r => r.Changes, Totals(3, At)));
        var renders = row.RenderCount;

        // New objects with the same shown values: a recount at a later time, the same usage text, an equal workspace record.
        row.Render(p => p
            .Add(r => r.Workspace, Feature with { })
            .Add(r => r.Usage, Usage(12.2))
            .Add(r => r.Changes, Totals(3, At.AddSeconds(2))));
        Assert.Equal(renders, row.RenderCount);

        row.Render(p => p.Add(r => r.Changes, Totals(4, At.AddSeconds(4))));
        Assert.Equal(++renders, row.RenderCount);
        Assert.Equal("4", row.Find("[data-test='workspace-changes']").GetAttribute("data-files"));

        row.Render(p => p.Add(r => r.Status, WorkspaceStatus.Done));
        Assert.Equal(++renders, row.RenderCount);
        Assert.Equal("done", row.Find("[data-workspace]").GetAttribute("data-status"));

        row.Render(p => p.Add(r => r.Usage, Usage(40)));
        Assert.Equal(++renders, row.RenderCount);
        Assert.StartsWith("40%", row.Find("[data-test='workspace-usage']").TextContent, StringComparison.Ordinal);

        row.Render(p => p.Add(r => r.Current, true));
        Assert.Equal(++renders, row.RenderCount);
        Assert.Contains("current", row.Find("[data-workspace]").ClassList);

        row.Render(p => p.Add(r => r.ConflictTitle, "Would conflict with other (a.txt)"));
        Assert.Equal(++renders, row.RenderCount);
        Assert.Equal("Would conflict with other (a.txt)", row.Find("[data-test='conflict-mark']").GetAttribute("title"));

        row.Render(p => p.Add(r => r.Workspace, Feature with { PrNumber = 7, PrState = "open" }));
        Assert.True(row.RenderCount > renders); // the row and its pull request badge
        renders = row.RenderCount;
        Assert.Equal("#7 open", row.Find("[data-test='pr-state']").TextContent);

        row.Render(p => p.Add(r => r.Usage, (WorkspaceUsage?)null));
        Assert.Equal(++renders, row.RenderCount);
        Assert.Empty(row.FindAll("[data-test='workspace-usage']"));
    }

    [Fact]
    public void Archive_and_restore_report_the_rows_current_workspace()
    {
        Workspace? archived = null, restored = null;
        var row = Render<SidebarItem>(p => p
            .Add(r => r.Workspace, Feature)
            .Add(r => r.OnArchive, w => archived = w)
            .Add(r => r.OnRestore, w => restored = w));

        row.Find("[data-action='archive-workspace']").Click();
        row.Render(p => p.Add(r => r.Workspace, Feature with { ArchivedAt = At }));
        row.Find("[data-action='restore-workspace']").Click();

        Assert.Equal(Feature, archived);
        Assert.Equal(Feature with { ArchivedAt = At }, restored);
    }
}
