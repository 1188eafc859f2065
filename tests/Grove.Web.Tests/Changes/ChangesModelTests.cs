using Grove.Core.Changes;
using Grove.Core.Errors;
using Grove.Git.Changes;
using Grove.Services.Changes;
using Grove.Web.Changes;

namespace Grove.Web.Tests.Changes;

public sealed class ChangesModelTests
{
    [Fact]
    public void A_partly_staged_file_is_in_both_lists_and_counted_once()
    {
        var status = new WorkingTreeStatus(
            new BranchStatus("feature", null, null, 0, 0),
            [
                new FileStatus("src/app.cs", FileChangeKind.Modified, 'M', 'M', null),
                new FileStatus("new.txt", FileChangeKind.Untracked, '?', '?', null),
                new FileStatus("b.txt", FileChangeKind.Renamed, 'R', '.', "a.txt"),
            ]);
        var uncommitted = new DiffSummary(
        [
            new FileDiffStat("src/app.cs", 3, 1, false, FileChangeKind.Modified),
            new FileDiffStat("new.txt", 2, 0, false, FileChangeKind.Untracked),
            new FileDiffStat("b.txt", 0, 0, false, FileChangeKind.Renamed),
        ]);
        var branch = new DiffSummary(
        [
            new FileDiffStat("src/app.cs", 9, 1, false, FileChangeKind.Modified),
            new FileDiffStat("committed.md", 4, 0, false, FileChangeKind.Added),
            new FileDiffStat("a.txt", 0, 0, false, FileChangeKind.Modified),
        ]);

        var view = ChangesView.Build(status, uncommitted, branch);

        Assert.Equal([("b.txt", FileChangeKind.Renamed), ("src/app.cs", FileChangeKind.Modified)], view.Staged.Select(f => (f.Path, f.Kind)));
        Assert.Equal([("new.txt", FileChangeKind.Untracked), ("src/app.cs", FileChangeKind.Modified)], view.Unstaged.Select(f => (f.Path, f.Kind)));
        Assert.Equal(["b.txt", "a.txt"], view.Staged[0].GitPaths);
        Assert.Equal(3, view.FileCount);
        Assert.Equal(5, view.Added);
        Assert.Equal(1, view.Deleted);
        Assert.Equal(["committed.md"], view.Committed.Select(f => f.Path));
    }

    [Fact]
    public void Push_without_a_remote_reads_as_a_missing_remote()
    {
        var error = new GitCommandException(
            ErrorKind.GitFailed,
            "git push failed (exit 128): fatal: 'origin' does not appear to be a git repository",
            128,
            ["push"],
            "fatal: 'origin' does not appear to be a git repository\nfatal: Could not read from remote repository.");

        var described = GitErrorText.Describe("push", error);

        Assert.Contains("no remote named 'origin'", described.Message, StringComparison.Ordinal);
        Assert.Contains("does not appear to be a git repository", described.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_remote_that_is_not_there_shows_gits_reason_not_a_missing_origin()
    {
        var error = new GitCommandException(
            ErrorKind.GitFailed,
            "git push failed (exit 128): fatal: '/tmp/nowhere.git' does not appear to be a git repository",
            128,
            ["push"],
            "fatal: '/tmp/nowhere.git' does not appear to be a git repository\nfatal: Could not read from remote repository.");

        var described = GitErrorText.Describe("push", error);

        Assert.DoesNotContain("no remote named", described.Message, StringComparison.Ordinal);
        Assert.Contains("'/tmp/nowhere.git' does not appear to be a git repository", described.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_to_commit_with_new_files_says_they_are_not_staged()
    {
        var described = GitErrorText.Describe("commit", new NothingToCommitException(2));

        Assert.Contains("2 new file(s) are not staged", described.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relative_times_read_like_a_person_would_say_them()
    {
        var now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal("just now", RelativeTime.Format(now.AddSeconds(-20), now));
        Assert.Equal("1 minute ago", RelativeTime.Format(now.AddMinutes(-1), now));
        Assert.Equal("5 hours ago", RelativeTime.Format(now.AddHours(-5), now));
        Assert.Equal("3 days ago", RelativeTime.Format(now.AddDays(-3), now));
    }
}
