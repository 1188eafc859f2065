using Grove.Testing;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Changes;

public sealed class ChangesPanelTests : ChangesBed
{
    [Fact]
    public async Task Lists_a_new_and_a_modified_file_with_their_line_counts()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "notes/new.txt", "a\nb\nc\n");
        Write(workspace, "src/app.txt", "line 1\nline two\nline 3\n");

        var panel = RenderPanel(workspace);

        WaitFor(panel, () =>
        {
            var added = panel.Find(Row("notes/new.txt", "unstaged"));
            Assert.Equal("untracked", added.GetAttribute("data-kind"));
            Assert.Equal("+3", added.QuerySelector(".counts")!.TextContent.Trim());
            var modified = panel.Find(Row("src/app.txt", "unstaged"));
            Assert.Equal("modified", modified.GetAttribute("data-kind"));
            Assert.Equal(["+1", "−1"], modified.QuerySelectorAll(".counts span").Select(s => s.TextContent));
            Assert.Contains("2 files", panel.Find("[data-test='changes-totals']").TextContent, StringComparison.Ordinal);
            Assert.Contains("+4", panel.Find("[data-test='changes-totals']").TextContent, StringComparison.Ordinal);
        });
        Assert.Empty(panel.FindAll("[data-test='changes-empty']"));
    }

    [Fact]
    public async Task A_local_mode_workspace_lists_the_project_folder_changes()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo, "here", Grove.Core.Domain.WorkspaceMode.Local);
        repo.WriteFile("README.md", "# edited in place\n");

        var panel = RenderPanel(workspace);

        WaitFor(panel, () => Assert.Equal("modified", panel.Find(Row("README.md", "unstaged")).GetAttribute("data-kind")));
        Assert.Empty(panel.FindAll("[data-branch-file]"));
    }

    [Fact]
    public async Task A_clean_workspace_says_no_changes()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);

        var panel = RenderPanel(workspace);

        WaitFor(panel, () => Assert.Contains("No changes", panel.Find("[data-test='changes-empty']").TextContent, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("[data-file]"));
        Assert.Empty(panel.FindAll("[data-test='changes-totals']"));
    }

    [Fact]
    public async Task Clicking_a_file_shows_its_diff_with_added_and_deleted_lines()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/app.txt", "line 1\nline two\nline 3\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("src/app.txt", "unstaged")));

        await ClickAsync(panel, Row("src/app.txt", "unstaged"));

        WaitFor(panel, () =>
        {
            var diff = panel.Find("[data-test='diff']");
            Assert.Equal("src/app.txt", diff.GetAttribute("data-path"));
            var deleted = Assert.Single(diff.QuerySelectorAll(".line.del"));
            Assert.Equal("line 2", deleted.QuerySelector(".code")!.TextContent);
            Assert.Equal("2", deleted.QuerySelectorAll(".ln")[0].TextContent);
            var added = Assert.Single(diff.QuerySelectorAll(".line.add"));
            Assert.Equal("line two", added.QuerySelector(".code")!.TextContent);
            Assert.Equal("2", added.QuerySelectorAll(".ln")[1].TextContent);
            Assert.Equal(2, diff.QuerySelectorAll(".line.ctx").Length);
        });
        Assert.Contains("selected", panel.Find(Row("src/app.txt", "unstaged")).ClassList);
    }

    [Fact]
    public async Task File_contents_in_a_diff_are_encoded_and_coloured_by_language()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "page.js", "const x = \"<script>alert(1)</script>\"; // <b>hi</b>\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("page.js", "unstaged")));

        await ClickAsync(panel, Row("page.js", "unstaged"));

        WaitFor(panel, () =>
        {
            var code = panel.Find("[data-test='diff'] .line.add .code");
            Assert.Empty(panel.FindAll("[data-test='diff'] script"));
            Assert.Empty(panel.FindAll("[data-test='diff'] b"));
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", code.InnerHtml, StringComparison.Ordinal);
            Assert.Equal("const", code.QuerySelector(".tok-kw")!.TextContent);
            Assert.Equal("\"<script>alert(1)</script>\"", code.QuerySelector(".tok-str")!.TextContent);
            Assert.Equal("// <b>hi</b>", code.QuerySelector(".tok-com")!.TextContent);
        });
    }

    [Fact]
    public async Task Stage_and_unstage_move_the_file_between_the_lists()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "new.txt", "hello\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("new.txt", "unstaged")));

        await ClickAsync(panel, $"{Row("new.txt", "unstaged")} [data-action='stage']");

        WaitFor(panel, () =>
        {
            Assert.Equal("added", panel.Find(Row("new.txt", "staged")).GetAttribute("data-kind"));
            Assert.Empty(panel.FindAll(Row("new.txt", "unstaged")));
        });
        Assert.Equal("new.txt", TestGit.Run(workspace.WorktreePath, "diff", "--cached", "--name-only").Trim());

        await ClickAsync(panel, $"{Row("new.txt", "staged")} [data-action='unstage']");

        WaitFor(panel, () =>
        {
            panel.Find(Row("new.txt", "unstaged"));
            Assert.Empty(panel.FindAll(Row("new.txt", "staged")));
        });
        Assert.Equal("", TestGit.Run(workspace.WorktreePath, "diff", "--cached", "--name-only").Trim());
    }

    [Fact]
    public async Task Stage_all_stages_every_file()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "one.txt", "1\n");
        Write(workspace, "README.md", "# changed\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => Assert.Equal(2, panel.FindAll("[data-state='unstaged']").Count));

        await ClickAsync(panel, "[data-action='stage-all']");

        WaitFor(panel, () =>
        {
            Assert.Equal(2, panel.FindAll("[data-state='staged']").Count);
            Assert.Empty(panel.FindAll("[data-state='unstaged']"));
        });
        Assert.Equal(["README.md", "one.txt"], TestGit.Run(workspace.WorktreePath, "diff", "--cached", "--name-only").Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Discard_asks_first_and_then_restores_the_file_on_disk()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/app.txt", "ruined\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("src/app.txt", "unstaged")));

        await ClickAsync(panel, $"{Row("src/app.txt", "unstaged")} [data-action='discard']");
        Assert.Contains("cannot be undone", panel.Find(".modal").TextContent, StringComparison.Ordinal);
        Assert.Contains("src/app.txt", panel.Find("[data-test='discard-question']").TextContent, StringComparison.Ordinal);
        await ClickAsync(panel, "[data-action='cancel-discard']");
        Assert.Empty(panel.FindAll(".modal"));
        Assert.Equal("ruined\n", Read(workspace, "src/app.txt"));

        await ClickAsync(panel, $"{Row("src/app.txt", "unstaged")} [data-action='discard']");
        await ClickAsync(panel, "[data-action='confirm-discard']");

        Assert.Equal("line 1\nline 2\nline 3\n", Read(workspace, "src/app.txt"));
        WaitFor(panel, () =>
        {
            Assert.Empty(panel.FindAll("[data-file='src/app.txt']"));
            Assert.Empty(panel.FindAll(".modal"));
            panel.Find("[data-test='changes-empty']");
        });
    }

    [Fact]
    public async Task Discarding_a_new_file_deletes_it()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "scratch.txt", "temp\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("scratch.txt", "unstaged")));

        await ClickAsync(panel, $"{Row("scratch.txt", "unstaged")} [data-action='discard']");
        Assert.Contains("Delete the new file", panel.Find("[data-test='discard-question']").TextContent, StringComparison.Ordinal);
        await ClickAsync(panel, "[data-action='confirm-discard']");

        Assert.False(File.Exists(Path.Combine(workspace.WorktreePath, "scratch.txt")));
        WaitFor(panel, () => Assert.Empty(panel.FindAll("[data-file='scratch.txt']")));
    }

    [Fact]
    public async Task Commit_with_a_message_creates_the_commit_and_empties_the_list()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "feature.txt", "feature\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("feature.txt", "unstaged")));
        Assert.True(panel.Find("[data-action='commit']").HasAttribute("disabled"));

        await InputAsync(panel, "[data-test='commit-message']", "   ");
        Assert.True(panel.Find("[data-action='commit']").HasAttribute("disabled"));
        await InputAsync(panel, "[data-test='commit-message']", "Add the feature");
        Assert.False(panel.Find("[data-action='commit']").HasAttribute("disabled"));
        await ClickAsync(panel, "[data-action='commit']");

        Assert.Equal("Add the feature", TestGit.Run(workspace.WorktreePath, "log", "-1", "--format=%s").Trim());
        Assert.Equal("feature.txt", TestGit.Run(workspace.WorktreePath, "show", "--name-only", "--format=", "HEAD").Trim());
        var shortSha = TestGit.Run(workspace.WorktreePath, "rev-parse", "--short=7", "HEAD").Trim();
        WaitFor(panel, () =>
        {
            Assert.Empty(panel.FindAll("[data-state]"));
            panel.Find("[data-test='changes-empty']");
            Assert.Equal("", panel.Find("[data-test='commit-message']").GetAttribute("value") ?? "");
        });
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Success && t.Message.Contains(shortSha, StringComparison.Ordinal));
        // The branch's own commit is still listed against the base, apart from the uncommitted work.
        Assert.NotNull(panel.Find("[data-branch-file='feature.txt']"));
    }

    [Fact]
    public async Task Commit_takes_only_the_staged_files_when_some_are_staged()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "staged.txt", "s\n");
        Write(workspace, "later.txt", "l\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("staged.txt", "unstaged")));
        await ClickAsync(panel, $"{Row("staged.txt", "unstaged")} [data-action='stage']");
        WaitFor(panel, () => Assert.Contains("Commit staged", panel.Find("[data-action='commit']").TextContent, StringComparison.Ordinal));

        await InputAsync(panel, "[data-test='commit-message']", "Only staged");
        await ClickAsync(panel, "[data-action='commit']");

        Assert.Equal("staged.txt", TestGit.Run(workspace.WorktreePath, "show", "--name-only", "--format=", "HEAD").Trim());
        WaitFor(panel, () =>
        {
            panel.Find(Row("later.txt", "unstaged"));
            Assert.Empty(panel.FindAll("[data-state='staged']"));
        });
    }

    [Fact]
    public async Task Commit_with_nothing_to_commit_says_so()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find("[data-test='changes-empty']"));

        await InputAsync(panel, "[data-test='commit-message']", "Empty");
        await ClickAsync(panel, "[data-action='commit']");

        WaitFor(panel, () => Assert.Contains("Nothing to commit", panel.Find("[data-test='changes-error']").TextContent, StringComparison.Ordinal));
        Assert.Equal("Empty", panel.Find("[data-test='commit-message']").GetAttribute("value"));
    }

    [Fact]
    public async Task A_failing_commit_hook_shows_its_output()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var hook = Path.Combine(repo.Path, ".git", "hooks", "pre-commit");
        Directory.CreateDirectory(Path.GetDirectoryName(hook)!);
        File.WriteAllText(hook, "#!/bin/sh\necho 'lint failed: remove the TODO in feature.txt' >&2\nexit 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(hook, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var before = TestGit.Run(workspace.WorktreePath, "rev-parse", "HEAD").Trim();
        Write(workspace, "feature.txt", "TODO\n");
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("feature.txt", "unstaged")));

        await InputAsync(panel, "[data-test='commit-message']", "Try");
        await ClickAsync(panel, "[data-action='commit']");

        var error = panel.Find("[data-test='changes-error']");
        Assert.Contains("hook", error.TextContent, StringComparison.Ordinal);
        Assert.Contains("lint failed: remove the TODO in feature.txt", error.QuerySelector(".error-detail")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, TestGit.Run(workspace.WorktreePath, "rev-parse", "HEAD").Trim());
    }

    [Fact]
    public async Task Push_publishes_the_branch_to_a_local_bare_remote()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var workspace = await CreateWorkspaceAsync(repo, "shipit");
        Write(workspace, "feature.txt", "feature\n");
        TestGit.Run(workspace.WorktreePath, "add", "-A");
        TestGit.Run(workspace.WorktreePath, "commit", "-q", "-m", "Add feature");
        var head = TestGit.Run(workspace.WorktreePath, "rev-parse", "HEAD").Trim();
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find("[data-test='changes-empty']"));

        await ClickAsync(panel, "[data-action='push']");

        Assert.Equal(head, TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/shipit").Trim());
        Assert.Empty(panel.FindAll("[data-test='changes-error']"));
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Success && t.Message.Contains("shipit", StringComparison.Ordinal));
        Assert.Equal("origin/shipit", TestGit.Run(workspace.WorktreePath, "rev-parse", "--abbrev-ref", "@{upstream}").Trim());
    }

    [Fact]
    public async Task Pull_and_Push_are_offered_only_once_the_repository_has_an_origin()
    {
        using var repo = TestRepository.Create();
        using var remote = new TempDirectory("grove-late-origin");
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find("[data-test='changes-empty']"));

        Assert.Empty(panel.FindAll("[data-action='push']"));
        Assert.Empty(panel.FindAll("[data-action='pull']"));
        Assert.Contains("no 'origin' remote", panel.Find("[data-test='no-remote']").GetAttribute("title"), StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-test='pr-bar']")); // one note about the missing remote, not two

        TestGit.Run(remote.Path, "init", "-q", "--bare");
        TestGit.Run(repo.Path, "remote", "add", "origin", remote.Path); // no refresh click: the watcher sees the config change

        WaitFor(panel, () => Assert.False(panel.Find("[data-action='push']").HasAttribute("disabled")));
        Assert.Single(panel.FindAll("[data-action='pull']"));
        Assert.Empty(panel.FindAll("[data-test='no-remote']"));
        Assert.Single(panel.FindAll("[data-test='pr-bar']"));
    }

    [Fact]
    public async Task Pull_without_an_upstream_says_to_push_first()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find("[data-test='changes-empty']"));

        await ClickAsync(panel, "[data-action='pull']");

        Assert.Contains("no upstream branch", panel.Find("[data-test='changes-error']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task History_lists_the_branch_commits_newest_first()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "a.txt", "a\n");
        TestGit.Run(workspace.WorktreePath, "add", "-A");
        TestGit.Run(workspace.WorktreePath, "commit", "-q", "-m", "Second <commit>");
        var head = TestGit.Run(workspace.WorktreePath, "rev-parse", "HEAD").Trim();
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find("[data-test='changes-empty']"));

        await ClickAsync(panel, "[data-action='show-history']");

        WaitFor(panel, () =>
        {
            var rows = panel.FindAll("[data-commit]");
            Assert.Equal(2, rows.Count);
            Assert.Equal(head, rows[0].GetAttribute("data-commit"));
            Assert.Equal("Second <commit>", rows[0].QuerySelector(".subject")!.TextContent);
            Assert.Equal(head[..7], rows[0].QuerySelector(".sha")!.TextContent);
            Assert.Contains("Grove Test", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("just now", rows[0].TextContent, StringComparison.Ordinal);
            Assert.Equal("initial commit", rows[1].QuerySelector(".subject")!.TextContent);
        });

        await ClickAsync(panel, "[data-action='show-changes']");
        panel.Find("[data-test='commit-message']");
    }

    [Fact]
    public async Task A_long_diff_shows_its_first_lines_until_show_all()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "big.txt", string.Concat(Enumerable.Range(1, 1500).Select(i => $"row {i}\n")));
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("big.txt", "unstaged")));

        await ClickAsync(panel, Row("big.txt", "unstaged"));
        WaitFor(panel, () => Assert.Equal(1000, panel.FindAll("[data-test='diff'] .line").Count));
        Assert.Contains("1,500", panel.Find(".diff-more").TextContent, StringComparison.Ordinal);

        await ClickAsync(panel, "[data-action='show-all']");

        Assert.Equal(1500, panel.FindAll("[data-test='diff'] .line").Count);
        Assert.Empty(panel.FindAll("[data-action='show-all']"));
    }

    [Fact]
    public async Task A_huge_diff_is_read_only_in_part_and_says_so()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "generated.txt", string.Concat(Enumerable.Range(1, 200_000).Select(i => $"generated line number {i:D8}\n"))); // ~5.9 MB
        var panel = RenderPanel(workspace);
        WaitFor(panel, () => panel.Find(Row("generated.txt", "unstaged")));

        await ClickAsync(panel, Row("generated.txt", "unstaged"));

        WaitFor(panel, () =>
        {
            var notice = panel.Find("[data-test='diff-truncated']").TextContent;
            Assert.Contains("Large diff (5.9 MB", notice, StringComparison.Ordinal);
            Assert.Contains("+200000", notice, StringComparison.Ordinal);
            Assert.Contains("showing the first 256 KB", notice, StringComparison.Ordinal);
        });
        Assert.Equal(1000, panel.FindAll("[data-test='diff'] .line").Count);

        await ClickAsync(panel, "[data-action='show-more-diff']");

        WaitFor(panel, () => Assert.Contains("showing the first 4", panel.Find("[data-test='diff-truncated']").TextContent, StringComparison.Ordinal));
        Assert.Empty(panel.FindAll("[data-action='show-more-diff']"));
    }

    [Fact]
    public async Task A_file_written_on_disk_appears_without_a_click()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = await RenderSettledAsync(workspace);
        panel.Find("[data-test='changes-empty']");

        Write(workspace, "from-agent.txt", "written outside the UI\n");

        WaitFor(panel, () => Assert.Equal("untracked", panel.Find(Row("from-agent.txt", "unstaged")).GetAttribute("data-kind")));
    }

    [Fact]
    public async Task The_open_diff_follows_the_file_as_it_changes()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        Write(workspace, "src/app.txt", "line 1\nfirst edit\nline 3\n");
        var panel = await RenderSettledAsync(workspace);
        await ClickAsync(panel, Row("src/app.txt", "unstaged"));
        WaitFor(panel, () => Assert.Equal("first edit", panel.Find("[data-test='diff'] .line.add .code").TextContent));

        Write(workspace, "src/app.txt", "line 1\nsecond edit\nline 3\n");

        WaitFor(panel, () => Assert.Equal("second edit", panel.Find("[data-test='diff'] .line.add .code").TextContent));
    }
}
