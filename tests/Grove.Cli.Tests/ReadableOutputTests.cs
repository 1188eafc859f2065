using Grove.Cli;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary>What a user reads: non-ASCII text in JSON, the name rule, a project's current origin.</summary>
public sealed class ReadableOutputTests
{
    [Fact]
    public async Task JsonOutput_KeepsNonAsciiTextReadable()
    {
        using var grove = new CliRunner();
        using var folder = new TempDirectory("grove-json");
        var root = Path.Combine(folder.Path, "über-日本");

        await grove.OkAsync("config", "set", "worktree.root", root);
        var json = await grove.OkAsync("config", "list", "--json");

        Assert.Contains($"\"{root}\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u00FC", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\\u65E5", json, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(root, (await grove.JsonAsync("config", "list")).GetProperty("worktree.root").GetString());
    }

    [Fact]
    public async Task ANonAsciiName_IsRefusedWithTheAsciiRule()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();

        var result = await grove.RunAsync("project", "add", repo.Path, "--name", "über");

        Assert.Equal(ExitCodes.InvalidInput, result.ExitCode);
        Assert.Contains("use ASCII letters (a-z, A-Z), digits, '-', '_' and '.' only", result.Error, StringComparison.Ordinal);
        Assert.Contains("'ü'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProjectList_ShowsTheCurrentOrigin_AfterItWasAddedOrChangedWithGit()
    {
        using var repo = TestRepository.Create();
        using var grove = new CliRunner();
        await grove.OkAsync("project", "add", repo.Path);

        repo.Git("remote", "add", "origin", "https://git.example.com/team/tool.git");
        var table = await grove.OkAsync("project", "list");
        var json = await grove.JsonAsync("project", "list");

        Assert.Contains("https://git.example.com/team/tool.git", table, StringComparison.Ordinal);
        Assert.Equal("https://git.example.com/team/tool.git", json[0].GetProperty("gitRemoteUrl").GetString());

        repo.Git("remote", "set-url", "origin", "git@github.com:acme/tool.git");
        table = await grove.OkAsync("project", "list");
        json = await grove.JsonAsync("project", "list");
        var shown = await grove.OkAsync("project", "show", "repo");

        Assert.Contains("github:acme/tool", table, StringComparison.Ordinal);
        Assert.Equal("git@github.com:acme/tool.git", json[0].GetProperty("gitRemoteUrl").GetString());
        Assert.Contains("git@github.com:acme/tool.git (github:acme/tool)", shown, StringComparison.Ordinal);
    }
}

public sealed class KeyRingTests
{
    [Fact]
    public async Task TheFirstSecret_CreatesAUserOnlyKeyRing_WithoutAWarning()
    {
        using var grove = new CliRunner { Input = "sk-ant-first-key\n" };
        var keys = Path.Combine(grove.Home, "keys");
        if (!OperatingSystem.IsWindows())
        {
            // A key folder left open by someone else is tightened, not trusted.
            Directory.CreateDirectory(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var set = await grove.RunAsync("secret", "set", "anthropic.api_key");

        Assert.Equal(ExitCodes.Success, set.ExitCode);
        Assert.DoesNotContain("encryptor", set.Output + set.Error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("warn", set.Output + set.Error, StringComparison.OrdinalIgnoreCase);
        var files = Directory.GetFiles(keys, "*.xml");
        Assert.NotEmpty(files);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(keys));
            foreach (var file in files)
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }
        }

        Assert.True((await grove.JsonAsync("secret", "list")).GetProperty("anthropic.api_key").GetBoolean());
    }
}
