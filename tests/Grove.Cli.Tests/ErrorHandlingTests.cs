using Grove.Testing;

namespace Grove.Cli.Tests;

public sealed class ErrorHandlingTests
{
    [Fact]
    public async Task MissingFolder_IsOneClearLineWithANamedExitCode()
    {
        using var grove = new CliRunner();

        var result = await grove.RunAsync("project", "add", "/definitely/not/here");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("grove: ", line);
        Assert.Contains("not a folder", line);
        Assert.DoesNotContain(" at ", result.Error);
    }

    [Fact]
    public async Task Verbose_AddsTheStackTrace()
    {
        using var grove = new CliRunner();

        var result = await grove.RunAsync("project", "add", "/definitely/not/here", "--verbose");

        Assert.Equal(ExitCodes.NotFound, result.ExitCode);
        Assert.Contains(" at ", result.Error);
    }

    [Fact]
    public async Task ExistingBranch_IsAlreadyExists()
    {
        using var repo = TestRepository.Create();
        repo.Git("branch", "taken");
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);

        var result = await grove.RunAsync("ws", "new", "repo", "--name", "taken");

        Assert.Equal(ExitCodes.AlreadyExists, result.ExitCode);
        Assert.Contains("Branch 'taken' already exists", result.Error);
    }

    [Fact]
    public async Task DirtyTree_IsRefusedWithItsOwnExitCode()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "dirty");
        File.WriteAllText(Path.Combine(grove.WorktreesRoot, "repo", "dirty", "wip.txt"), "wip");

        var result = await grove.RunAsync("ws", "rm", "dirty");

        Assert.Equal(ExitCodes.DirtyTree, result.ExitCode);
        Assert.Contains("uncommitted changes", result.Error);
    }

    [Fact]
    public async Task UnknownCommandOrMissingArgument_IsAUsageError()
    {
        using var grove = new CliRunner();

        var unknown = await grove.RunAsync("frobnicate");
        var missing = await grove.RunAsync("ws", "commit", "x");

        Assert.Equal(ExitCodes.Usage, unknown.ExitCode);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--message", missing.Error);
    }

    [Fact]
    public async Task PathTraversal_ThroughTheCli_IsASecurityViolation()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "safe");

        var result = await grove.RunAsync("ws", "stage", "safe", "../../../etc/passwd");

        Assert.Equal(ExitCodes.SecurityViolation, result.ExitCode);
    }

    [Fact]
    public async Task ListsAndShows_HaveJson()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);
        await grove.OkAsync("ws", "new", "repo", "--name", "json");

        var projects = await grove.JsonAsync("project", "list");
        var project = await grove.JsonAsync("project", "show", "repo");
        var workspace = await grove.JsonAsync("ws", "show", "json");
        var status = await grove.JsonAsync("ws", "status", "json");

        Assert.Equal("repo", projects[0].GetProperty("name").GetString());
        Assert.Equal(repo.Path, project.GetProperty("path").GetString());
        Assert.Equal("json", workspace.GetProperty("workspace").GetProperty("branch").GetString());
        Assert.Equal("json", status.GetProperty("branch").GetProperty("head").GetString());
    }
}

public sealed class ConfigTests
{
    [Fact]
    public async Task WorktreeRootSetting_MovesNewWorktrees_AndBadValuesAreRefused()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        var root = repo.Scratch("trees");
        await grove.OkAsync("project", "add", repo.Path);

        var relative = await grove.RunAsync("config", "set", "worktree.root", "relative/path");
        var unknown = await grove.RunAsync("config", "set", "nope", "x");
        await grove.OkAsync("config", "set", "worktree.root", root);
        await grove.OkAsync("ws", "new", "repo", "--name", "moved");

        Assert.Equal(ExitCodes.InvalidInput, relative.ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        Assert.True(Directory.Exists(Path.Combine(root, "repo", "moved")));
        Assert.Equal(root, (await grove.OkAsync("config", "get", "worktree.root")).Trim());

        await grove.OkAsync("config", "unset", "worktree.root");
        await grove.OkAsync("ws", "new", "repo", "--name", "default");
        Assert.True(Directory.Exists(Path.Combine(grove.WorktreesRoot, "repo", "default")));
    }
}

public sealed class SecretTests
{
    [Fact]
    public async Task SecretSet_ReadsStdin_StoresItEncrypted_AndNeverPrintsIt()
    {
        using var grove = new CliRunner { Input = "sk-ant-very-secret-value\n" };

        var set = await grove.RunAsync("secret", "set", "anthropic.api_key");
        var list = await grove.JsonAsync("secret", "list");
        var unknown = await grove.RunAsync("secret", "set", "aws.key");

        Assert.Equal(0, set.ExitCode);
        Assert.DoesNotContain("very-secret", set.Output + set.Error);
        Assert.True(list.GetProperty("anthropic.api_key").GetBoolean());
        Assert.False(list.GetProperty("claude.oauth_token").GetBoolean());
        Assert.Equal(ExitCodes.InvalidInput, unknown.ExitCode);
        foreach (var file in Directory.EnumerateFiles(grove.Home, "grove.db*"))
        {
            Assert.DoesNotContain("very-secret", File.ReadAllText(file, System.Text.Encoding.Latin1));
        }
    }

    [Fact]
    public async Task AgentSettings_AreValidated()
    {
        using var grove = new CliRunner();

        Assert.Equal(ExitCodes.InvalidInput, (await grove.RunAsync("config", "set", "ollama.url", "not a url")).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, (await grove.RunAsync("config", "set", "agent.use_ollama", "maybe")).ExitCode);
        await grove.OkAsync("config", "set", "ollama.model", "qwen3-coder");
        Assert.Equal("qwen3-coder", (await grove.OkAsync("config", "get", "ollama.model")).Trim());
    }
}
