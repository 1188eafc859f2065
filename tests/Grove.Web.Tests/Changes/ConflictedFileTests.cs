using Grove.Core.Domain;
using Grove.Testing;

namespace Grove.Web.Tests.Changes;

/// <summary>git's <c>U</c> (unmerged) reaches the changes panel as a conflict, through the one letter mapping.</summary>
public sealed class ConflictedFileTests : ChangesBed
{
    [Fact]
    public async Task A_merge_conflict_is_listed_as_conflicted_with_its_own_mark()
    {
        using var repo = TestRepository.Create();
        repo.Git("switch", "-q", "-c", "other");
        repo.Commit("other side", ("README.md", "other\n"));
        repo.Git("switch", "-q", "main");
        repo.Commit("main side", ("README.md", "main\n"));
        Assert.NotEqual(0, TestGit.TryRun(repo.Path, "merge", "-q", "other").ExitCode);
        var workspace = await CreateWorkspaceAsync(repo, "here", WorkspaceMode.Local);

        var panel = RenderPanel(workspace);

        WaitFor(panel, () =>
        {
            var row = panel.Find(Row("README.md", "unstaged"));
            Assert.Equal("conflicted", row.GetAttribute("data-kind"));
            Assert.Equal("!", row.QuerySelector(".kind")!.TextContent.Trim());
        });
        Assert.Empty(panel.FindAll(Row("README.md", "staged")));
    }
}
