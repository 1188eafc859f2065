using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class ProjectBranchesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListBranches_ReturnsLocalAndRemoteTrackingBranches()
    {
        using var repo = TestRepository.Create(withRemote: true);
        repo.Git("branch", "feature/login");
        repo.Git("push", "-q", "origin", "main:release");
        repo.Git("fetch", "-q", "origin");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, "demo", Ct);

        var branches = await app.Projects.ListBranchesAsync("demo", Ct);

        Assert.Equal(["feature/login", "main"], branches.Where(b => !b.IsRemote).Select(b => b.Name).Order().ToArray());
        Assert.Equal(["origin/main", "origin/release"], branches.Where(b => b.IsRemote).Select(b => b.Name).Order().ToArray());
        Assert.True(branches.Single(b => b.Name == "main").IsCurrent);
        Assert.Equal(project.Id, (await app.Projects.ResolveAsync("demo", Ct)).Id);
    }

    [Fact]
    public async Task ListBranches_OfAPlainFolder_IsEmpty()
    {
        using var folder = new TempDirectory("grove-plain");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(folder.Path, "plain", Ct);

        Assert.False(project.IsGitRepo);
        Assert.Empty(await app.Projects.ListBranchesAsync(project.Id, Ct));
    }
}
