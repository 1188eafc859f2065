using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class ProjectServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Add_GitRepoWithGitHubOrigin_ReadsProviderOwnerRepoAndDefaultBranch()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("remote", "set-url", "origin", "git@github.com:acme/widgets.git");
        await using var app = await TestApp.StartAsync();

        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        Assert.True(project.IsGitRepo);
        Assert.Equal(GitProvider.GitHub, project.Provider);
        Assert.Equal("acme", project.Owner);
        Assert.Equal("widgets", project.Repo);
        Assert.Equal("main", project.DefaultBranch);
        Assert.Equal("git@github.com:acme/widgets.git", project.GitRemoteUrl);
        Assert.Equal(project, await app.Projects.ResolveAsync(project.Name, Ct));
    }

    [Fact]
    public async Task List_InALongRunningApp_FollowsOriginChangesMadeWithGit_AndStoresThem()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        Assert.Null(Assert.Single(await app.Projects.ListAsync(Ct)).GitRemoteUrl);

        repo.Git("remote", "add", "origin", "https://git.example.com/team/tool.git");
        Assert.Equal("https://git.example.com/team/tool.git", Assert.Single(await app.Projects.ListAsync(Ct)).GitRemoteUrl);

        repo.Git("remote", "set-url", "origin", "git@github.com:acme/tool.git");
        var listed = Assert.Single(await app.Projects.ListAsync(Ct));
        var stored = await app.App.Get<Grove.Data.Stores.IProjectStore>().GetAsync(project.Id, Ct);

        Assert.Equal("git@github.com:acme/tool.git", listed.GitRemoteUrl);
        Assert.Equal(GitProvider.GitHub, listed.Provider);
        Assert.Equal("acme", listed.Owner);
        Assert.Equal("git@github.com:acme/tool.git", stored!.GitRemoteUrl);
    }

    [Fact]
    public async Task Add_SubfolderOfRepo_RegistersTheTopLevel()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();

        var project = await app.Projects.AddAsync(Path.Combine(repo.Path, "src"), cancellationToken: Ct);

        Assert.Equal(repo.Path, project.Path);
    }

    [Fact]
    public async Task Add_SameFolderTwice_IsAlreadyExists()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<GroveException>(() => app.Projects.AddAsync(repo.Path, cancellationToken: Ct));

        Assert.Equal(ErrorKind.AlreadyExists, ex.Kind);
        Assert.Single(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Add_PlainFolder_IsAllowedWithoutGitMetadata()
    {
        using var folder = new TempDirectory("plain");
        await using var app = await TestApp.StartAsync();

        var project = await app.Projects.AddAsync(folder.Path, cancellationToken: Ct);

        Assert.False(project.IsGitRepo);
        Assert.Null(project.DefaultBranch);
        Assert.Null(project.GitRemoteUrl);
    }

    [Fact]
    public async Task Add_MissingFolderOrFile_IsAClearError()
    {
        using var folder = new TempDirectory("plain");
        var file = folder.Combine("file.txt");
        await File.WriteAllTextAsync(file, "x", Ct);
        await using var app = await TestApp.StartAsync();

        var missing = await Assert.ThrowsAsync<GroveException>(() => app.Projects.AddAsync(folder.Combine("nope"), cancellationToken: Ct));
        var notFolder = await Assert.ThrowsAsync<GroveException>(() => app.Projects.AddAsync(file, cancellationToken: Ct));

        Assert.Equal(ErrorKind.NotFound, missing.Kind);
        Assert.Contains("not a folder", missing.Message);
        Assert.Equal(ErrorKind.InvalidInput, notFolder.Kind);
        Assert.Empty(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Add_TwoFoldersWithTheSameName_GetDistinctNames()
    {
        using var a = TestRepository.Create();
        using var b = TestRepository.Create();
        await using var app = await TestApp.StartAsync();

        var first = await app.Projects.AddAsync(a.Path, cancellationToken: Ct);
        var second = await app.Projects.AddAsync(b.Path, cancellationToken: Ct);

        Assert.Equal("repo", first.Name);
        Assert.Equal("repo-2", second.Name);
    }

    [Fact]
    public async Task Remove_WithWorkspaces_RefusedUnlessForced_ThenWorktreesGoAndBranchesStay()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var created = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "one" }, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<GroveException>(() => app.Projects.RemoveAsync(project.Name, cancellationToken: Ct));
        Assert.Equal(ErrorKind.Conflict, refused.Kind);
        Assert.True(Directory.Exists(created.Workspace.WorktreePath));

        await app.Projects.RemoveAsync(project.Name, force: true, Ct);

        Assert.Empty(await app.Projects.ListAsync(Ct));
        Assert.False(Directory.Exists(created.Workspace.WorktreePath));
        Assert.Contains("one", repo.Git("branch", "--list", "one"));
        Assert.True(Directory.Exists(repo.Path));
    }
}
