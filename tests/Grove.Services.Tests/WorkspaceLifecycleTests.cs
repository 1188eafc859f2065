using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class WorkspaceLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ArchiveWithRemoval_ThenRestore_RecreatesTheWorktreeOnTheSameBranchWithItsCommits()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "keeper" }, cancellationToken: Ct)).Workspace;
        File.WriteAllText(Path.Combine(ws.WorktreePath, "work.txt"), "done\n");
        var sha = await app.Changes.CommitAsync("keeper", "my work", stageAll: true, cancellationToken: Ct);

        var archived = await app.Workspaces.ArchiveAsync("keeper", removeWorktree: true, cancellationToken: Ct);

        Assert.True(archived.IsArchived);
        Assert.False(Directory.Exists(ws.WorktreePath));
        Assert.Equal(sha, repo.Git("rev-parse", "keeper").Trim());
        Assert.Empty(await app.Workspaces.ListAsync(cancellationToken: Ct));
        Assert.Single(await app.Workspaces.ListAsync(includeArchived: true, cancellationToken: Ct));

        var restored = await app.Workspaces.RestoreAsync("keeper", Ct);

        Assert.False(restored.IsArchived);
        Assert.Equal("done\n", File.ReadAllText(Path.Combine(ws.WorktreePath, "work.txt")));
        Assert.Equal("keeper", TestGit.Run(ws.WorktreePath, "branch", "--show-current").Trim());
    }

    [Fact]
    public async Task Archive_WithoutRemoval_KeepsTheFolder()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "quiet" }, cancellationToken: Ct)).Workspace;

        var archived = await app.Workspaces.ArchiveAsync("quiet", cancellationToken: Ct);

        Assert.True(archived.IsArchived);
        Assert.True(Directory.Exists(ws.WorktreePath));
    }

    [Fact]
    public async Task ArchiveWithRemoval_OfADirtyWorktree_IsRefusedUnlessForced()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "dirty" }, cancellationToken: Ct)).Workspace;
        File.WriteAllText(Path.Combine(ws.WorktreePath, "unsaved.txt"), "precious");

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.ArchiveAsync("dirty", removeWorktree: true, cancellationToken: Ct));

        Assert.Equal(ErrorKind.DirtyTree, ex.Kind);
        Assert.True(File.Exists(Path.Combine(ws.WorktreePath, "unsaved.txt")));
        Assert.False((await app.Workspaces.ResolveAsync("dirty", Ct)).IsArchived);

        await app.Workspaces.ArchiveAsync("dirty", removeWorktree: true, force: true, cancellationToken: Ct);
        Assert.False(Directory.Exists(ws.WorktreePath));
    }

    [Fact]
    public async Task Delete_RemovesWorktreeAndRow_KeepsTheBranchUnlessAsked()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var kept = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "kept" }, cancellationToken: Ct)).Workspace;
        var gone = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "gone" }, cancellationToken: Ct)).Workspace;

        await app.Workspaces.DeleteAsync("kept", cancellationToken: Ct);
        await app.Workspaces.DeleteAsync("gone", new() { DeleteBranch = true }, Ct);

        Assert.False(Directory.Exists(kept.WorktreePath));
        Assert.False(Directory.Exists(gone.WorktreePath));
        Assert.Empty(await app.Workspaces.ListAsync(includeArchived: true, cancellationToken: Ct));
        Assert.NotEmpty(repo.Git("branch", "--list", "kept"));
        Assert.Empty(repo.Git("branch", "--list", "gone"));
    }

    [Fact]
    public async Task Delete_ADirtyWorktree_IsRefusedUnlessForced()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "busy" }, cancellationToken: Ct)).Workspace;
        File.AppendAllText(Path.Combine(ws.WorktreePath, "README.md"), "edit\n");

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.DeleteAsync("busy", cancellationToken: Ct));

        Assert.Equal(ErrorKind.DirtyTree, ex.Kind);
        Assert.True(Directory.Exists(ws.WorktreePath));
        await app.Workspaces.DeleteAsync("busy", new() { Force = true }, Ct);
        Assert.False(Directory.Exists(ws.WorktreePath));
    }

    [Fact]
    public async Task Resolve_SameNameInTwoProjects_IsAmbiguousButProjectSlashNameWorks()
    {
        using var a = TestRepository.Create();
        using var b = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var pa = await app.Projects.AddAsync(a.Path, "alpha", Ct);
        var pb = await app.Projects.AddAsync(b.Path, "beta", Ct);
        await app.Workspaces.CreateAsync(new() { Project = pa.Name, Name = "same" }, cancellationToken: Ct);
        var inBeta = (await app.Workspaces.CreateAsync(new() { Project = pb.Name, Name = "same" }, cancellationToken: Ct)).Workspace;

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Workspaces.ResolveAsync("same", Ct));

        Assert.Equal(ErrorKind.InvalidInput, ex.Kind);
        Assert.Equal(inBeta.Id, (await app.Workspaces.ResolveAsync("beta/same", Ct)).Id);
        Assert.Equal(inBeta.Id, (await app.Workspaces.ResolveAsync(inBeta.Id, Ct)).Id);
    }
}
