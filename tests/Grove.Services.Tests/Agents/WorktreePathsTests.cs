using System.Text.Json;
using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Paths as the UI shows them: relative inside the worktree (links resolved), absolute outside.</summary>
public sealed class WorktreePathsTests
{
    [Fact]
    public void Display_is_relative_inside_the_worktree_and_absolute_outside()
    {
        using var worktree = new TempDirectory("paths");
        using var other = new TempDirectory("other");
        Directory.CreateDirectory(Path.Combine(worktree.Path, "src"));
        var paths = new WorktreePaths(worktree.Path);

        Assert.Equal("src/app.cs", paths.Display(Path.Combine(worktree.Path, "src", "app.cs")));
        Assert.Equal(".", paths.Display(worktree.Path));
        Assert.Equal(Path.Combine(other.Path, "x.txt"), paths.Display(Path.Combine(other.Path, "x.txt")));
        Assert.Equal(Path.Combine(worktree.Path + "-sibling", "x"), paths.Display(Path.Combine(worktree.Path + "-sibling", "x")));
        Assert.Equal("relative/already", paths.Display("relative/already"));
        Assert.Equal("/etc/hosts", WorktreePaths.None.Display("/etc/hosts"));
    }

    [Fact]
    public void A_link_out_of_the_worktree_is_outside()
    {
        using var worktree = new TempDirectory("paths");
        using var other = new TempDirectory("other");
        Directory.CreateSymbolicLink(Path.Combine(worktree.Path, "out"), other.Path);
        var paths = new WorktreePaths(worktree.Path);

        Assert.False(paths.Contains(Path.Combine(worktree.Path, "out", "secret.txt")));
        Assert.Equal(Path.Combine(worktree.Path, "out", "secret.txt"), paths.Display(Path.Combine(worktree.Path, "out", "secret.txt")));
    }

    [Fact]
    public void Explain_says_where_the_blocked_path_is_and_why_claude_asked()
    {
        using var worktree = new TempDirectory("paths");
        var paths = new WorktreePaths(worktree.Path);
        PermissionRequestEvent Ask(string? blocked, string? reason) =>
            new("r1", "Bash", JsonSerializer.SerializeToElement(new { command = "x" })) { BlockedPath = blocked, DecisionReason = reason };

        var inside = paths.Explain(Ask(Path.Combine(worktree.Path, "notes.txt"), null))!;
        var relative = paths.Explain(Ask("build/out.txt", null))!;
        var outside = paths.Explain(Ask("/etc/hosts", "mode"))!;

        Assert.Equal(new PermissionAskReason("It would write notes.txt (inside this workspace)", false), inside);
        Assert.Equal(new PermissionAskReason("It would write build/out.txt (inside this workspace)", false), relative);
        Assert.Equal(new PermissionAskReason("It would write outside this workspace: /etc/hosts. Asked because of the tab's permission mode.", true), outside);
        Assert.Equal(new PermissionAskReason("Asked because of the tab's permission mode.", false), paths.Explain(Ask(null, "mode")));
        Assert.Null(paths.Explain(Ask(null, null)));
    }
}
