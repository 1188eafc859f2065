using Grove.Core.Domain;
using Grove.Services.Conflicts;
using Grove.Testing;

namespace Grove.Services.Tests.Conflicts;

/// <summary>The conflict radar on real repositories and worktrees, with real git merge-tree dry runs.</summary>
public sealed class ConflictRadarTests
{
    private static readonly string Lines = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n"));

    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task TwoWorktreesEditingTheSameLines_Conflict()
    {
        await using var bed = await Bed.StartAsync("a", "b");
        bed.Edit("a", "shared.txt", 1, "alpha");
        bed.Edit("b", "shared.txt", 1, "beta");

        var report = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);

        var overlap = Assert.Single(report.Overlaps);
        Assert.True(overlap.Conflicts);
        Assert.Equal(["shared.txt"], overlap.Files);
        Assert.Equal(["shared.txt"], overlap.ConflictedFiles);
        Assert.Equal(["a", "b"], new[] { overlap.A.Workspace, overlap.B.Workspace }.Order());
        Assert.Null(overlap.Error);
    }

    [Fact]
    public async Task CommittedEditsOfTheSameLines_Conflict()
    {
        await using var bed = await Bed.StartAsync("a", "b");
        bed.Edit("a", "shared.txt", 5, "alpha");
        bed.CommitAll("a");
        bed.Edit("b", "shared.txt", 5, "beta");
        bed.CommitAll("b");

        var report = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);

        Assert.Equal(["shared.txt"], Assert.Single(report.Overlaps).ConflictedFiles);
    }

    [Fact]
    public async Task TheSameFileInDifferentHunks_IsAnOverlapThatMergesCleanly()
    {
        await using var bed = await Bed.StartAsync("a", "b");
        bed.Edit("a", "shared.txt", 1, "alpha");
        bed.Edit("b", "shared.txt", 28, "beta");

        var report = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);

        var overlap = Assert.Single(report.Overlaps);
        Assert.Equal(["shared.txt"], overlap.Files);
        Assert.False(overlap.Conflicts);
        Assert.Empty(overlap.ConflictedFiles);
    }

    [Fact]
    public async Task DifferentFiles_AreNoOverlap_AndArchivedWorkspacesDoNotCount()
    {
        await using var bed = await Bed.StartAsync("a", "b", "gone");
        bed.Edit("a", "shared.txt", 1, "alpha");
        bed.Write("b", "other.txt", "new file\n");
        bed.Edit("gone", "shared.txt", 1, "gamma");
        await bed.App.Workspaces.ArchiveAsync(bed.Workspaces["gone"].Id, cancellationToken: Ct);

        var report = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);

        Assert.Empty(report.Overlaps);
    }

    [Fact]
    public async Task TheSameNewFileWithDifferentContent_Conflicts_AndIdenticalCopiesDoNot()
    {
        await using var bed = await Bed.StartAsync("a", "b", "c");
        bed.Write("a", "new.txt", "one\n");
        bed.Write("b", "new.txt", "two\n");
        bed.Write("c", "new.txt", "one\n");

        var report = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);

        Assert.Equal(3, report.Overlaps.Count);
        var clean = Assert.Single(report.Overlaps, o => !o.Conflicts);
        Assert.Equal(["a", "c"], new[] { clean.A.Workspace, clean.B.Workspace }.Order());
        Assert.All(report.Overlaps.Where(o => o.Conflicts), o => Assert.Equal(["new.txt"], o.ConflictedFiles));
    }

    [Fact]
    public async Task AChange_IsNoticed_AndTheRadarReEvaluates()
    {
        await using var bed = await Bed.StartAsync("a", "b");
        bed.Edit("a", "shared.txt", 1, "alpha");
        bed.Edit("b", "shared.txt", 28, "beta");
        var before = await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct);
        var changed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Radar.Changed += project => changed.TrySetResult(project);

        bed.Edit("b", "shared.txt", 1, "beta");
        // What the sidebar and the live feeds do when files change: count the workspace again.
        await bed.App.Changes.GetTotalsAsync([bed.Workspaces["b"]], Ct);
        var project = await changed.Task.WaitAsync(Ct);
        var after = await bed.Radar.GetAsync(bed.Project.Name, refresh: false, cancellationToken: Ct);

        Assert.False(Assert.Single(before.Overlaps).Conflicts);
        Assert.Equal(bed.Project.Id, project);
        Assert.True(Assert.Single(after.Overlaps).Conflicts);
        Assert.Single(after.For(bed.Workspaces["a"].Id));
        Assert.Equal("b", after.For(bed.Workspaces["a"].Id)[0].Other(bed.Workspaces["a"].Id).Workspace);
    }

    [Fact]
    public async Task ArchivingAConflictingWorkspace_TellsFollowers_AndTheConflictIsGone_RestoringBringsItBack()
    {
        await using var bed = await Bed.StartAsync("a", "b");
        bed.Edit("a", "shared.txt", 1, "alpha");
        bed.Edit("b", "shared.txt", 1, "beta");
        Assert.True(Assert.Single((await bed.Radar.GetAsync(bed.Project.Name, cancellationToken: Ct)).Overlaps).Conflicts);

        // What the sidebar and the changes panel do: wait for Changed, then read without refreshing.
        var archived = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Radar.Changed += project => archived.TrySetResult(project);
        await bed.App.Workspaces.ArchiveAsync(bed.Workspaces["b"].Id, cancellationToken: Ct);
        Assert.Equal(bed.Project.Id, await archived.Task.WaitAsync(Ct));
        Assert.Empty((await bed.Radar.GetAsync(bed.Project.Name, refresh: false, cancellationToken: Ct)).Overlaps);

        var restored = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        bed.Radar.Changed += project => restored.TrySetResult(project);
        await bed.App.Workspaces.RestoreAsync(bed.Workspaces["b"].Id, Ct);
        Assert.Equal(bed.Project.Id, await restored.Task.WaitAsync(Ct));
        Assert.True(Assert.Single((await bed.Radar.GetAsync(bed.Project.Name, refresh: false, cancellationToken: Ct)).Overlaps).Conflicts);
    }

    private sealed class Bed : IAsyncDisposable
    {
        private Bed(TestRepository repo, TestApp app)
        {
            Repo = repo;
            App = app;
        }

        public TestRepository Repo { get; }

        public TestApp App { get; }

        public Project Project { get; private set; } = null!;

        public Dictionary<string, Workspace> Workspaces { get; } = new(StringComparer.Ordinal);

        public IConflictRadar Radar => App.App.Get<IConflictRadar>();

        public static async Task<Bed> StartAsync(params string[] names)
        {
            var repo = TestRepository.Create();
            repo.Commit("shared file", ("shared.txt", Lines));
            var bed = new Bed(repo, await TestApp.StartAsync());
            bed.Project = await bed.App.Projects.AddAsync(repo.Path, cancellationToken: Ct);
            foreach (var name in names)
            {
                bed.Workspaces[name] = (await bed.App.Workspaces.CreateAsync(new() { Project = bed.Project.Name, Name = name }, cancellationToken: Ct)).Workspace;
            }

            return bed;
        }

        public void Write(string workspace, string file, string content) =>
            File.WriteAllText(Path.Combine(Workspaces[workspace].WorktreePath, file), content);

        public void Edit(string workspace, string file, int line, string text)
        {
            var path = Path.Combine(Workspaces[workspace].WorktreePath, file);
            var lines = File.ReadAllLines(path);
            lines[line - 1] = text;
            File.WriteAllText(path, string.Join('\n', lines) + "\n");
        }

        public void CommitAll(string workspace)
        {
            TestGit.Run(Workspaces[workspace].WorktreePath, "add", "-A");
            TestGit.Run(Workspaces[workspace].WorktreePath, "commit", "-m", $"work of {workspace}");
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            Repo.Dispose();
        }
    }
}
