using Grove.Agents;
using Grove.Git;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Cli.Tests;

/// <summary>
/// <c>grove project clone</c> as a user runs it: <c>owner/repo</c> goes to github.com, which the git
/// config Grove's git runs with maps to a local bare repository; the home folder is made up.
/// </summary>
public sealed class ProjectCloneCommandTests
{
    [Fact]
    public async Task Clone_OwnerRepo_ShowsProgress_AndAddsTheProject()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var grove = Grove(repo, out var home);

        var cloned = await grove.RunAsync("project", "clone", "acme/widgets");
        var list = await grove.OkAsync("project", "list");

        Assert.True(cloned.ExitCode == 0, cloned.Error);
        var target = Path.Combine(home, "code", "widgets");
        Assert.Contains($"Cloned and added project 'widgets' ({target})", cloned.Output);
        Assert.Contains("› Cloning https://github.com/acme/widgets.git into " + target, cloned.Error);
        Assert.Contains("› Cloning into", cloned.Error);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
        Assert.Contains("widgets", list);
    }

    [Fact]
    public async Task Clone_WithoutPath_GoesUnderTheProjectsRootSetting()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var grove = Grove(repo, out var home);

        await grove.OkAsync("config", "set", "projects.root", "~/grove-projects");
        var cloned = await grove.RunAsync("project", "clone", "acme/widgets");

        Assert.True(cloned.ExitCode == 0, cloned.Error);
        var target = Path.Combine(home, "grove-projects", "widgets");
        Assert.Contains($"Cloned and added project 'widgets' ({target})", cloned.Output);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
    }

    [Fact]
    public async Task Clone_ALocalPath_WithPathAndName_AsJson()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var grove = Grove(repo, out _);
        var target = Path.Combine(repo.Scratch("clones"), "copy");

        var json = await grove.JsonAsync("project", "clone", repo.RemotePath!, "--path", target, "--name", "copy");

        Assert.Equal("copy", json.GetProperty("name").GetString());
        Assert.Equal(target, json.GetProperty("path").GetString());
        Assert.Equal("main", json.GetProperty("defaultBranch").GetString());
    }

    [Fact]
    public async Task Clone_RefusedTransport_AndNonEmptyTarget_AreOneLineEach_AndLeaveNothing()
    {
        using var repo = TestRepository.Create(withRemote: true);
        using var grove = Grove(repo, out var home);
        var busy = repo.Scratch("busy");
        File.WriteAllText(Path.Combine(busy, "mine.txt"), "keep me");

        var ext = await grove.RunAsync("project", "clone", "ext::sh -c touch% /tmp/grove-pwned");
        var nonEmpty = await grove.RunAsync("project", "clone", repo.RemotePath!, "--path", busy);
        var missing = await grove.RunAsync("project", "clone", Path.Combine(busy, "nope.git"), "--path", Path.Combine(home, "x", "y"));
        var list = await grove.OkAsync("project", "list");

        Assert.Equal(ExitCodes.InvalidInput, ext.ExitCode);
        Assert.Contains("transport", ext.Error);
        Assert.Single(ext.Error.Trim().Split('\n'));
        Assert.Equal(ExitCodes.AlreadyExists, nonEmpty.ExitCode);
        Assert.Contains("not empty", nonEmpty.Error);
        Assert.Single(nonEmpty.Error.Trim().Split('\n'));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(home, "x")));
        Assert.Equal(["mine.txt"], Directory.EnumerateFileSystemEntries(busy).Select(Path.GetFileName));
        Assert.Contains("No projects yet", list);
    }

    private static CliRunner Grove(TestRepository repo, out string home)
    {
        var hostHome = repo.Scratch("host-home");
        home = hostHome;
        var host = new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = hostHome }, hostHome);
        var bare = repo.RemotePath!;
        return new CliRunner
        {
            ConfigureServices = services =>
            {
                services.AddSingleton(host);
                var git = (GitOptions)services.Last(d => d.ServiceType == typeof(GitOptions)).ImplementationInstance!;
                git.Environment["GIT_CONFIG_COUNT"] = "1";
                git.Environment["GIT_CONFIG_KEY_0"] = $"url.{bare}.insteadOf";
                git.Environment["GIT_CONFIG_VALUE_0"] = "https://github.com/acme/widgets.git";
            },
        };
    }
}
