using Grove.Agents;
using Grove.Data.Stores;
using Grove.Git;
using Grove.Services.PullRequests;
using Grove.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grove.Services.Tests.GitHub;

/// <summary>The token order with real parts: the encrypted secret, a made-up environment, a fake gh on a temp PATH, a credential helper in the repo's git config.</summary>
public sealed class GitHubTokenResolverTests
{
    [Fact]
    public async Task Secret_WinsOverEverythingElse()
    {
        await using var bed = await Bed.StartAsync(withGh: true, withHelper: true, ("GH_TOKEN", "env_token"));
        await bed.App.App.Get<ICredentialStore>().SetAsync("github.token", "secret_token", TestContext.Current.CancellationToken);

        var found = await bed.ResolveAsync();

        Assert.Equal(("secret_token", "secret github.token"), (found!.Token, found.Source));
    }

    [Fact]
    public async Task GhToken_ThenGitHubToken_ComeBeforeGh()
    {
        await using var withBoth = await Bed.StartAsync(withGh: true, withHelper: true, ("GH_TOKEN", "gh_env"), ("GITHUB_TOKEN", "github_env"));
        await using var withOne = await Bed.StartAsync(withGh: true, withHelper: true, ("GITHUB_TOKEN", "github_env"));

        Assert.Equal(("gh_env", "GH_TOKEN"), Pair(await withBoth.ResolveAsync()));
        Assert.Equal(("github_env", "GITHUB_TOKEN"), Pair(await withOne.ResolveAsync()));
    }

    [Fact]
    public async Task Gh_IsAskedForTheHost_BeforeTheCredentialHelper()
    {
        await using var bed = await Bed.StartAsync(withGh: true, withHelper: true);

        var found = await bed.ResolveAsync();
        var other = await bed.ResolveAsync("github.example.com");

        Assert.Equal(("gho_from_gh", "gh auth token"), Pair(found));
        Assert.Equal(("helper_token_github.example.com", "git credential"), Pair(other));
    }

    [Fact]
    public async Task GitCredentialFill_IsUsedLast_AndNothingFoundIsNull()
    {
        await using var withHelper = await Bed.StartAsync(withGh: false, withHelper: true);
        await using var bare = await Bed.StartAsync(withGh: false, withHelper: false);

        Assert.Equal(("helper_token_github.com", "git credential"), Pair(await withHelper.ResolveAsync()));
        Assert.Null(await bare.ResolveAsync());
    }

    private static (string, string) Pair(Grove.Integrations.GitHub.GitHubCredentials? c) => (c!.Token, c.Source);

    private sealed class Bed : IAsyncDisposable
    {
        private readonly TempDirectory _bin = new("fake-bin");
        private readonly TestRepository _repo = TestRepository.Create();

        private Bed(TestApp app) => App = app;

        public TestApp App { get; }

        public IGitHubTokenResolver Resolver { get; private set; } = null!;

        public static async Task<Bed> StartAsync(bool withGh, bool withHelper, params (string Name, string Value)[] environment)
        {
            var bed = new Bed(await TestApp.StartAsync());
            if (withGh)
            {
                var gh = Path.Combine(bed._bin.Path, "gh");
                File.WriteAllText(gh, "#!/bin/sh\nif [ \"$1 $2 $3 $4\" = \"auth token --hostname github.com\" ]; then echo gho_from_gh; exit 0; fi\necho \"no oauth token for $4\" >&2\nexit 1\n");
                MakeExecutable(gh);
            }

            if (withHelper)
            {
                var helper = Path.Combine(bed._bin.Path, "helper.sh");
                File.WriteAllText(helper, "#!/bin/sh\n[ \"$1\" = get ] || exit 0\nwhile read -r line && [ -n \"$line\" ]; do case \"$line\" in host=*) host=${line#host=};; esac; done\necho username=x-access-token\necho password=helper_token_$host\n");
                MakeExecutable(helper);
                TestGit.Run(bed._repo.Path, "config", "credential.helper", helper);
            }

            var variables = new Dictionary<string, string>
            {
                ["PATH"] = $"{bed._bin.Path}:/usr/bin:/bin",
                ["HOME"] = bed._bin.Path,
            };
            foreach (var (name, value) in environment)
            {
                variables[name] = value;
            }

            bed.Resolver = new GitHubTokenResolver(
                bed.App.App.Get<ICredentialStore>(),
                new AgentHostEnvironment(variables, bed._bin.Path),
                bed.App.App.Get<IGitRunner>(),
                NullLogger<GitHubTokenResolver>.Instance);
            return bed;
        }

        private static void MakeExecutable(string path)
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public Task<Grove.Integrations.GitHub.GitHubCredentials?> ResolveAsync(string host = "github.com") =>
            Resolver.ResolveAsync(host, _repo.Path, TestContext.Current.CancellationToken);

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            _repo.Dispose();
            _bin.Dispose();
        }
    }
}
