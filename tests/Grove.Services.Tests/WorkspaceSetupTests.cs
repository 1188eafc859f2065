using Grove.Services.Setup;
using Grove.Testing;

namespace Grove.Services.Tests;

public sealed class WorkspaceSetupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Create_CopiesOnlyIgnoredFilesListedInWorktreeInclude()
    {
        using var repo = TestRepository.Create();
        repo.Commit("ignore env", (".gitignore", ".env\nsecrets/\n"), (".worktreeinclude", ".env\nsecrets/\nnotes.txt\n"));
        repo.WriteFile(".env", "API_KEY=local\n");
        repo.WriteFile("secrets/dev.json", "{}");
        repo.WriteFile("notes.txt", "untracked but not ignored");
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "env" }, cancellationToken: Ct);

        var path = result.Workspace.WorktreePath;
        Assert.Equal("API_KEY=local\n", await File.ReadAllTextAsync(Path.Combine(path, ".env"), Ct));
        Assert.True(File.Exists(Path.Combine(path, "secrets", "dev.json")));
        Assert.False(File.Exists(Path.Combine(path, "notes.txt")));
        Assert.Equal([".env", "secrets/dev.json"], result.CopiedFiles.Order().ToArray());
    }

    [Fact]
    public async Task Create_RunsGroveSetupCommands_WithRootWorktreePathAndKeepsTheLog()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".grove/worktree.json", """
            { "setup": [ "echo \"$ROOT_WORKTREE_PATH\" > root.txt", ["sh", "-c", "echo argv > argv.txt"] ] }
            """));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "setup" }, cancellationToken: Ct);

        var path = result.Workspace.WorktreePath;
        Assert.True(result.Setup.Succeeded);
        Assert.Equal(2, result.Setup.Commands.Count);
        Assert.Equal(repo.Path, (await File.ReadAllTextAsync(Path.Combine(path, "root.txt"), Ct)).Trim());
        Assert.Equal("argv", (await File.ReadAllTextAsync(Path.Combine(path, "argv.txt"), Ct)).Trim());
        Assert.NotNull(result.Setup.LogFile);
        Assert.Contains("echo argv", await File.ReadAllTextAsync(result.Setup.LogFile!, Ct));
    }

    [Fact]
    public async Task Create_ReadsCursorWorktreesJson()
    {
        using var repo = TestRepository.Create();
        repo.Commit("cursor", (".cursor/worktrees.json", """{ "setup-worktree": ["touch from-cursor.txt"] }"""));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "cursor" }, cancellationToken: Ct);

        Assert.Equal(".cursor/worktrees.json", result.Setup.SourceFile);
        Assert.True(File.Exists(Path.Combine(result.Workspace.WorktreePath, "from-cursor.txt")));
    }

    [Fact]
    public async Task Create_WhenSetupFails_KeepsTheWorkspaceAndReportsTheOutput()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".1code/worktree.json", """{ "setup-worktree": ["echo boom-output; exit 3", "touch never.txt"] }"""));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "failing" }, cancellationToken: Ct);

        Assert.False(result.Setup.Succeeded);
        var failed = Assert.Single(result.Setup.Commands);
        Assert.Equal(3, failed.ExitCode);
        Assert.Contains("boom-output", failed.Output);
        Assert.Contains(result.Warnings, w => w.Contains("failed"));
        Assert.False(File.Exists(Path.Combine(result.Workspace.WorktreePath, "never.txt")));
        Assert.Single(await app.Workspaces.ListAsync(cancellationToken: Ct));
    }

    [Fact]
    public async Task Create_WhenASetupCommandHangs_ItIsKilledAtTheTimeout()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".grove/worktree.json", """{ "timeoutSeconds": 1, "setup": ["sleep 60"] }"""));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "slow" }, cancellationToken: Ct);

        Assert.True(Assert.Single(result.Setup.Commands).TimedOut);
        Assert.Contains(result.Warnings, w => w.Contains("timed out"));
    }

    [Fact]
    public async Task Create_WithMalformedSetupJson_WarnsAndKeepsTheWorkspace()
    {
        using var repo = TestRepository.Create();
        repo.Commit("setup", (".grove/worktree.json", "{ \"setup\": [ oops"));
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);

        var result = await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "malformed" }, cancellationToken: Ct);

        Assert.Contains(result.Warnings, w => w.Contains("not valid JSON"));
        Assert.True(Directory.Exists(result.Workspace.WorktreePath));
    }

    [Theory]
    [InlineData("""{ "setup-worktree-unix": "make dev", "setup-worktree": ["other"] }""", "make dev")]
    [InlineData("""{ "setup-worktree": ["a", "b"] }""", "a")]
    [InlineData("""{ "setup": [["npm", "ci"]] }""", "npm ci")]
    public void Parse_PicksThePlatformKeyFirst(string json, string firstCommand)
    {
        var config = WorktreeSetupConfig.Parse("x.json", json);

        Assert.Equal(firstCommand, config.Commands[0].Display);
    }
}
