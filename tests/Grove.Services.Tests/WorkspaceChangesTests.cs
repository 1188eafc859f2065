using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class WorkspaceChangesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DiffSummary_CoversCommittedStagedUnstagedAndUntrackedAgainstTheBase()
    {
        using var repo = TestRepository.Create(withRemote: true);
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "diffs" }, cancellationToken: Ct)).Workspace.WorktreePath;
        File.WriteAllText(Path.Combine(path, "committed.txt"), "a\nb\n");
        await app.Changes.CommitAsync("diffs", "add committed", ["committed.txt"], cancellationToken: Ct);
        File.WriteAllText(Path.Combine(path, "staged.txt"), "s\n");
        await app.Changes.StageAsync("diffs", ["staged.txt"], Ct);
        File.AppendAllText(Path.Combine(path, "README.md"), "more\n");
        File.WriteAllText(Path.Combine(path, "new.txt"), "1\n2\n3\n");

        var summary = await app.Changes.GetDiffSummaryAsync("diffs", Ct);

        var byPath = summary.Files.ToDictionary(f => f.Path);
        Assert.Equal(2, byPath["committed.txt"].Added);
        Assert.Equal(1, byPath["staged.txt"].Added);
        Assert.Equal(1, byPath["README.md"].Added);
        Assert.Equal(3, byPath["new.txt"].Added);
        Assert.Equal(FileChangeKind.Untracked, byPath["new.txt"].Kind);
        Assert.Equal(7, summary.Added);

        var diff = await app.Changes.GetDiffAsync("diffs", cancellationToken: Ct);
        Assert.Contains("+more", diff);
        Assert.Contains("new.txt", diff);
    }

    [Fact]
    public async Task CommitAndPush_PublishesTheBranchToTheRemoteWithUpstream()
    {
        using var repo = TestRepository.Create(withRemote: true);
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "shipit" }, cancellationToken: Ct)).Workspace.WorktreePath;
        File.WriteAllText(Path.Combine(path, "feature.txt"), "feature\n");

        var sha = await app.Changes.CommitAsync("shipit", "Add feature", stageAll: true, cancellationToken: Ct);
        await app.Changes.PushAsync("shipit", cancellationToken: Ct);

        Assert.Equal(sha, TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/shipit").Trim());
        Assert.Equal("origin/shipit", TestGit.Run(path, "rev-parse", "--abbrev-ref", "@{upstream}").Trim());
        var status = await app.Changes.GetStatusAsync("shipit", Ct);
        Assert.True(status.IsClean);
        Assert.Equal(0, status.Branch.Ahead);
        Assert.Equal("Add feature", (await app.Changes.GetHistoryAsync("shipit", 1, Ct))[0].Subject);
    }

    [Fact]
    public async Task UncommittedDiff_LeavesOutWhatTheBranchAlreadyCommitted()
    {
        using var repo = TestRepository.Create(withRemote: true);
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "pending" }, cancellationToken: Ct)).Workspace.WorktreePath;
        File.WriteAllText(Path.Combine(path, "committed.txt"), "a\nb\n");
        await app.Changes.CommitAsync("pending", "add committed", stageAll: true, cancellationToken: Ct);
        File.AppendAllText(Path.Combine(path, "committed.txt"), "c\n");
        File.WriteAllText(Path.Combine(path, "new.txt"), "1\n2\n");

        var summary = await app.Changes.GetUncommittedDiffSummaryAsync("pending", Ct);
        var diff = await app.Changes.GetUncommittedDiffAsync("pending", "committed.txt", Ct);

        var byPath = summary.Files.ToDictionary(f => f.Path);
        Assert.Equal(1, byPath["committed.txt"].Added);
        Assert.Equal(2, byPath["new.txt"].Added);
        Assert.Equal(3, summary.Added);
        Assert.Contains("+c", diff);
        Assert.DoesNotContain("+a", diff);
        Assert.DoesNotContain("new.txt", diff);
        Assert.Equal(5, (await app.Changes.GetDiffSummaryAsync("pending", Ct)).Added);
    }

    [Fact]
    public async Task Stage_APathOutsideTheWorktree_IsRefused()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "jail" }, cancellationToken: Ct);

        var ex = await Assert.ThrowsAnyAsync<GroveException>(() => app.Changes.StageAsync("jail", ["../../etc/passwd"], Ct));

        Assert.Equal(ErrorKind.SecurityViolation, ex.Kind);
    }

    [Fact]
    public async Task Summaries_ForManyWorkspaces_MatchEachWorkspacesOwnDiff()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        for (var i = 0; i < 5; i++)
        {
            var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = $"ws{i}" }, cancellationToken: Ct)).Workspace.WorktreePath;
            File.WriteAllText(Path.Combine(path, "lines.txt"), string.Concat(Enumerable.Repeat("x\n", i + 1)));
        }

        var summaries = await app.Changes.GetSummariesAsync(await app.Workspaces.ListAsync(cancellationToken: Ct), Ct);

        Assert.Equal(5, summaries.Count);
        foreach (var s in summaries)
        {
            Assert.Null(s.Error);
            Assert.Equal(int.Parse(s.Workspace.Name[2..]) + 1, s.Diff!.Added);
            Assert.Single(s.Status!.Files);
        }
    }

    [Fact]
    public async Task Push_AndPull_WithARelativeOriginUrl_WorkFromAWorktreeElsewhere()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("remote", "set-url", "origin", Path.GetRelativePath(repo.Path, repo.RemotePath!));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "relative", NoFetch = true }, cancellationToken: Ct)).Workspace.WorktreePath;
        Assert.NotEqual(Path.GetDirectoryName(repo.Path), Path.GetDirectoryName(path)); // git alone would look for the remote beside the worktree
        File.WriteAllText(Path.Combine(path, "feature.txt"), "feature\n");
        var sha = await app.Changes.CommitAsync("relative", "Add feature", stageAll: true, cancellationToken: Ct);

        await app.Changes.PushAsync("relative", cancellationToken: Ct);
        await app.Changes.PullAsync("relative", Ct);

        Assert.Equal(sha, TestGit.Run(repo.RemotePath!, "rev-parse", "refs/heads/relative").Trim());
        Assert.StartsWith("..", TestGit.Run(repo.Path, "remote", "get-url", "origin").Trim(), StringComparison.Ordinal); // the user's config is left as it was
    }

    [Fact]
    public async Task Push_ToARelativeOriginThatIsNotThere_FailsWithGitsReason()
    {
        using var repo = TestRepository.Create();
        repo.Git("remote", "add", "origin", "../nowhere.git");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "lost", NoFetch = true }, cancellationToken: Ct)).Workspace.WorktreePath;
        File.WriteAllText(Path.Combine(path, "x.txt"), "x\n");
        await app.Changes.CommitAsync("lost", "x", stageAll: true, cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<GitCommandException>(() => app.Changes.PushAsync("lost", cancellationToken: Ct));

        var expected = Path.Combine(Path.GetDirectoryName(repo.Path)!, "nowhere.git");
        Assert.Contains($"'{expected}' does not appear to be a git repository", error.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffPreview_OfAMultiMegabyteChange_IsTruncated_AndTheWholeSizeIsKnown()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var path = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "huge", NoFetch = true }, cancellationToken: Ct)).Workspace.WorktreePath;
        string Lines(string word) => string.Concat(Enumerable.Range(1, 100_000).Select(i => $"{word} line {i:D8}\n"));
        File.WriteAllText(Path.Combine(path, "tracked.txt"), Lines("old"));
        await app.Changes.CommitAsync("huge", "Add tracked.txt", stageAll: true, cancellationToken: Ct);
        File.WriteAllText(Path.Combine(path, "tracked.txt"), Lines("new")); // every line changes: ~4 MB of diff
        File.WriteAllText(Path.Combine(path, "untracked.txt"), Lines("fresh"));

        var tracked = await app.Changes.GetUncommittedDiffPreviewAsync("huge", "tracked.txt", 64 * 1024, Ct);
        var untracked = await app.Changes.GetUncommittedDiffPreviewAsync("huge", "untracked.txt", 64 * 1024, Ct);
        var small = await app.Changes.GetUncommittedDiffPreviewAsync("huge", "untracked.txt", 64 * 1024 * 1024, Ct);

        Assert.True(tracked.Truncated);
        Assert.InRange(tracked.Text.Length, 1, 64 * 1024);
        Assert.EndsWith("\n", tracked.Text, StringComparison.Ordinal);
        Assert.StartsWith("diff --git a/tracked.txt b/tracked.txt", tracked.Text, StringComparison.Ordinal);
        Assert.True(tracked.Length > 3_000_000, $"whole diff {tracked.Length}");
        Assert.True(untracked.Truncated);
        Assert.InRange(untracked.Text.Length, 1, 64 * 1024);
        Assert.Contains("+fresh line 00000001", untracked.Text, StringComparison.Ordinal);
        Assert.True(untracked.Length > 2_000_000, $"whole file {untracked.Length}");
        Assert.False(small.Truncated);
        Assert.Equal(small.Text.Length, small.Length);
        Assert.Equal(await app.Changes.GetUncommittedDiffAsync("huge", "untracked.txt", Ct), small.Text);
    }
}
