using Grove.Agents;
using Grove.Data.Stores;
using Grove.Services.PullRequests;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.FakeGitHub;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Services.Tests.GitHub;

/// <summary>
/// Grove's real services, a temp repository whose origin looks like github.com/octo/hello but pushes to
/// a local bare repository (<see cref="FakeGitHubServer.UseAsOriginOf"/>), the fake GitHub as the API
/// (setting <c>github.api_url</c>), its token as the secret <c>github.token</c>, and one workspace.
/// The host environment is made up (no GH_TOKEN, no gh) so the machine's own tokens never leak in.
/// </summary>
internal sealed class PullRequestBed : IAsyncDisposable
{
    private readonly TempDirectory _home = new("host-home");

    private PullRequestBed(TestRepository repository, FakeGitHubServer github)
    {
        Repository = repository;
        GitHub = github;
    }

    public TestRepository Repository { get; }

    public FakeGitHubServer GitHub { get; }

    public TestApp App { get; private set; } = null!;

    public string Workspace { get; } = "feature";

    public string WorktreePath { get; private set; } = "";

    public IPullRequests PullRequests => App.App.Get<IPullRequests>();

    /// <summary><paramref name="apiFromEnvironment"/>: point Grove at the fake through GROVE_GITHUB_API_URL instead of the setting.</summary>
    public static async Task<PullRequestBed> StartAsync(bool withToken = true, bool apiFromEnvironment = false)
    {
        var ct = TestContext.Current.CancellationToken;
        var bed = new PullRequestBed(TestRepository.Create(withRemote: true), await FakeGitHubServer.StartAsync(cancellationToken: ct));
        bed.GitHub.UseAsOriginOf(bed.Repository);
        var variables = new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = bed._home.Path };
        if (apiFromEnvironment)
        {
            variables["GROVE_GITHUB_API_URL"] = bed.GitHub.BaseUrl.AbsoluteUri;
        }

        var host = new AgentHostEnvironment(variables, bed._home.Path);
        bed.App = await TestApp.StartAsync(services => services.AddSingleton(host));
        if (!apiFromEnvironment)
        {
            await bed.App.App.Get<ISettingsService>().SaveAsync(new Dictionary<string, string?> { [SettingKeys.GitHubApiUrl] = bed.GitHub.BaseUrl.AbsoluteUri }, ct);
        }
        if (withToken)
        {
            await bed.App.App.Get<ICredentialStore>().SetAsync(SettingKeys.GitHubTokenSecret, bed.GitHub.Token, ct);
        }

        var project = await bed.App.Projects.AddAsync(bed.Repository.Path, cancellationToken: ct);
        bed.WorktreePath = (await bed.App.Workspaces.CreateAsync(new() { Project = project.Name, Name = bed.Workspace }, cancellationToken: ct)).Workspace.WorktreePath;
        return bed;
    }

    /// <summary>Writes a file in the workspace and commits it; returns the commit.</summary>
    public Task<string> CommitAsync(string file, string message, string? body = null)
    {
        File.WriteAllText(Path.Combine(WorktreePath, file), $"{file}\n");
        return App.Changes.CommitAsync(Workspace, body is null ? message : $"{message}\n\n{body}", stageAll: true, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The workspace as stored.</summary>
    public Task<Core.Domain.Workspace> StoredAsync() => App.Workspaces.ResolveAsync(Workspace, TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await GitHub.DisposeAsync();
        Repository.Dispose();
        _home.Dispose();
    }
}
