using Grove.Agents;
using Grove.Core.Errors;
using Grove.Git;
using Grove.Services.Projects;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.Projects;

/// <summary>
/// <c>grove project clone</c>'s use case against a real bare repository: by path, and by an
/// <c>owner/repo</c> name that the git config given to Grove's runner maps to that repository
/// (<c>url.&lt;bare&gt;.insteadOf=https://github.com/acme/widgets.git</c>), as a user's own config could.
/// </summary>
public sealed class ProjectClonerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Clone_ALocalPath_ClonesWithProgress_AndAddsTheProject()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var target = Path.Combine(repo.Scratch("clones"), "deep", "copy");
        await using var app = await StartAsync(repo);
        var progress = new List<string>();

        var project = await Cloner(app).CloneAsync(new CloneRequest(repo.RemotePath!, target, "my-copy"), progress.Add, Ct);

        Assert.Equal("my-copy", project.Name);
        Assert.Equal(target, project.Path);
        Assert.True(project.IsGitRepo);
        Assert.Equal(repo.RemotePath, project.GitRemoteUrl);
        Assert.Equal("main", project.DefaultBranch);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
        Assert.Contains(progress, line => line.StartsWith("Cloning into", StringComparison.Ordinal));
        Assert.Equal(project, await app.Projects.ResolveAsync("my-copy", Ct));
    }

    [Fact]
    public async Task Clone_OwnerRepo_ClonesFromGitHub_IntoCodeUnderHome()
    {
        using var repo = TestRepository.Create(withRemote: true);
        await using var app = await StartAsync(repo);

        var project = await Cloner(app).CloneAsync(new CloneRequest("acme/widgets"), cancellationToken: Ct);

        Assert.Equal("widgets", project.Name);
        Assert.Equal(Path.Combine(repo.Scratch("home"), "code", "widgets"), project.Path);
        Assert.Equal("https://github.com/acme/widgets.git", TestGit.Run(project.Path, "config", "remote.origin.url").Trim());
        Assert.Equal("main", project.DefaultBranch);
        Assert.True(File.Exists(Path.Combine(project.Path, "src", "app.txt")));
    }

    [Fact]
    public async Task Clone_WithoutAPath_GoesUnderTheProjectsRootSetting()
    {
        using var repo = TestRepository.Create(withRemote: true);
        await using var app = await StartAsync(repo);
        var settings = app.App.Get<Grove.Services.Settings.ISettingsService>();
        var defaultTarget = await Cloner(app).DefaultTargetAsync("acme/widgets", Ct);
        await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.ProjectsRoot] = "~/grove-projects/" }, Ct);

        var target = await Cloner(app).DefaultTargetAsync("https://github.com/acme/widgets.git", Ct);
        var project = await Cloner(app).CloneAsync(new CloneRequest("acme/widgets"), cancellationToken: Ct);
        var relative = await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.ProjectsRoot] = "relative/dir" }, Ct);

        Assert.Equal(Path.Combine(repo.Scratch("home"), "code", "widgets"), defaultTarget);
        Assert.Equal(Path.Combine(repo.Scratch("home"), "grove-projects", "widgets"), target);
        Assert.Equal(target, project.Path);
        Assert.Contains("absolute path or start with ~/", relative.Errors[SettingKeys.ProjectsRoot], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ext::sh -c touch% /tmp/grove-pwned")]
    [InlineData("fd::3")]
    [InlineData("git://example.com/acme/widgets.git")]
    [InlineData("http://example.com/acme/widgets.git")]
    [InlineData("--upload-pack=touch /tmp/grove-pwned")]
    [InlineData("https://user:ghp_secret@github.com/acme/widgets.git")]
    public async Task Clone_ARefusedSource_FailsInOneLine_BeforeGitRuns(string source)
    {
        using var repo = TestRepository.Create(withRemote: true);
        var target = Path.Combine(repo.Scratch("clones"), "copy");
        await using var app = await StartAsync(repo);

        var error = await Assert.ThrowsAsync<GroveException>(() => Cloner(app).CloneAsync(new CloneRequest(source, target), cancellationToken: Ct));

        Assert.Equal(ErrorKind.InvalidInput, error.Kind);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain("ghp_secret", error.Message);
        Assert.False(Directory.Exists(target));
        Assert.Empty(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Clone_IntoANonEmptyFolder_IsRefused_AndTheFolderIsUntouched()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var target = repo.Scratch("busy");
        File.WriteAllText(Path.Combine(target, "mine.txt"), "keep me");
        await using var app = await StartAsync(repo);

        var error = await Assert.ThrowsAsync<GroveException>(() => Cloner(app).CloneAsync(new CloneRequest(repo.RemotePath!, target), cancellationToken: Ct));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Contains("not empty", error.Message);
        Assert.Equal(["mine.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
        Assert.Empty(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Clone_IntoAnEmptyFolder_Works()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var target = repo.Scratch("empty");
        await using var app = await StartAsync(repo);

        var project = await Cloner(app).CloneAsync(new CloneRequest(repo.RemotePath!, target), cancellationToken: Ct);

        Assert.Equal(target, project.Path);
        Assert.True(File.Exists(Path.Combine(target, "README.md")));
    }

    [Fact]
    public async Task Clone_ThatGitFails_LeavesNoFolderAndNoProject()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var clones = repo.Scratch("clones");
        var missing = Path.Combine(repo.Scratch("nothing"), "no-such.git");
        await using var app = await StartAsync(repo);

        var error = await Assert.ThrowsAsync<GitCommandException>(
            () => Cloner(app).CloneAsync(new CloneRequest(missing, Path.Combine(clones, "a", "b", "copy")), cancellationToken: Ct));

        Assert.Equal(ErrorKind.GitFailed, error.Kind);
        Assert.StartsWith("git clone failed", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(clones));
        Assert.Empty(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Clone_CancelledWhileGitRuns_LeavesNoFolderAndNoProject()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var clones = repo.Scratch("clones");
        await using var app = await StartAsync(repo);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Cloner(app).CloneAsync(
            new CloneRequest(repo.RemotePath!, Path.Combine(clones, "copy")),
            line =>
            {
                if (line.StartsWith("Cloning into", StringComparison.Ordinal))
                {
                    interrupt.Cancel(); // the user's Ctrl-C, once git has started
                }
            },
            interrupt.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(clones));
        Assert.Empty(await app.Projects.ListAsync(Ct));
    }

    [Fact]
    public async Task Clone_WithATakenName_IsRefusedBeforeCloning()
    {
        using var repo = TestRepository.Create(withRemote: true);
        var clones = repo.Scratch("clones");
        await using var app = await StartAsync(repo);
        await app.Projects.AddAsync(repo.Path, "taken", Ct);

        var error = await Assert.ThrowsAsync<GroveException>(
            () => Cloner(app).CloneAsync(new CloneRequest(repo.RemotePath!, Path.Combine(clones, "copy"), "taken"), cancellationToken: Ct));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
        Assert.Empty(Directory.EnumerateFileSystemEntries(clones));
    }

    private static IProjectCloner Cloner(TestApp app) => app.App.Get<IProjectCloner>();

    /// <summary>Grove with a made-up home, and git config (as a user's global config would hold it) sending github.com to the bare repository.</summary>
    private static Task<TestApp> StartAsync(TestRepository repo)
    {
        var home = repo.Scratch("home");
        return TestApp.StartAsync(services =>
        {
            services.AddSingleton(new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = home }, home));
            var git = (GitOptions)services.Last(d => d.ServiceType == typeof(GitOptions)).ImplementationInstance!;
            git.Environment["GIT_CONFIG_COUNT"] = "1";
            git.Environment["GIT_CONFIG_KEY_0"] = $"url.{repo.RemotePath}.insteadOf";
            git.Environment["GIT_CONFIG_VALUE_0"] = "https://github.com/acme/widgets.git";
        });
    }
}
