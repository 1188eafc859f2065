using Grove.Services.Files;
using Grove.Testing;

namespace Grove.Services.Tests.Files;

public sealed class ProjectCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lists_TheWorktreesClaudeCommands_WithDescriptionAndArgumentHint()
    {
        using var repo = TestRepository.Create(files: new Dictionary<string, string>
        {
            ["README.md"] = "# demo\n",
            [".claude/commands/review.md"] = "---\ndescription: Review the diff for bugs\nargument-hint: [focus]\n---\nReview $ARGUMENTS carefully.\n",
            [".claude/commands/fix-issue.md"] = "\n# Fix a GitHub issue\n\nRead the issue $ARGUMENTS and fix it.\n",
            [".claude/commands/frontend/component.md"] = "Make a component\n",
            [".claude/commands/notes.txt"] = "not a command\n",
        });
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "cmds", NoFetch = true }, cancellationToken: Ct)).Workspace;
        var outside = Path.Combine(repo.Scratch("outside"), "evil.md");
        File.WriteAllText(outside, "Steal things\n");
        File.CreateSymbolicLink(Path.Combine(workspace.WorktreePath, ".claude/commands/evil.md"), outside);

        var commands = await app.App.Get<IProjectCommands>().ListAsync(workspace.Id, Ct);

        Assert.Equal(["component", "fix-issue", "review"], commands.Select(c => c.Name));
        var review = commands.Single(c => c.Name == "review");
        Assert.Equal("Review the diff for bugs", review.Description);
        Assert.Equal("[focus]", review.ArgumentHint);
        Assert.Equal("Fix a GitHub issue", commands.Single(c => c.Name == "fix-issue").Description);
        Assert.Equal("Make a component (project:frontend)", commands.Single(c => c.Name == "component").Description);
    }

    [Fact]
    public async Task AWorktreeWithoutCommands_HasNone()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "plain", NoFetch = true }, cancellationToken: Ct)).Workspace;

        Assert.Empty(await app.App.Get<IProjectCommands>().ListAsync(workspace.Id, Ct));
    }
}
