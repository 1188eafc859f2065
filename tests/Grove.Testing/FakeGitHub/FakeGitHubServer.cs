using Microsoft.AspNetCore.Http.Features;

namespace Grove.Testing.FakeGitHub;

/// <summary>
/// A fake GitHub REST API on 127.0.0.1 (real Kestrel, random port) for one repository, reached the way
/// Octokit reaches GitHub Enterprise: <c>{BaseUrl}/api/v3/repos/{owner}/{repo}/…</c>. It knows pull
/// requests (create: 201, or 422 "A pull request already exists"; list by head; get), check runs and
/// commit statuses, review comments and reviews, merge (200, 405 not mergeable, 409 head changed) and
/// branch deletion, and GraphQL's review threads with their resolved state (<c>POST {BaseUrl}/api/graphql</c>;
/// <see cref="GraphQlAvailable"/> turns it off). GETs carry an ETag and answer 304 to a matching <c>If-None-Match</c>. A wrong token
/// gets 401; <see cref="RateLimitNext"/> makes the next request a 403 with rate-limit headers.
/// Every request is recorded (<see cref="Requests"/>). Tests tell it about pushed branches (<see cref="PushHead"/>).
/// </summary>
public sealed partial class FakeGitHubServer : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<FakeGitHubRequest> _requests = [];
    private readonly Dictionary<string, string> _heads = new(StringComparer.Ordinal);
    private readonly List<FakePullRequest> _pulls = [];
    private readonly Dictionary<string, List<FakeCheckRun>> _checkRuns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<FakeCommitStatus>> _statuses = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<FakeReviewComment>> _comments = [];
    private readonly Dictionary<int, List<(string User, string State)>> _reviews = [];
    private readonly List<string> _deletedBranches = [];
    private DateTimeOffset? _rateLimitResetNext;
    private string? _barePath;
    private LoopbackHost? _host;

    private FakeGitHubServer(string owner, string repository, string token)
    {
        Owner = owner;
        Repository = repository;
        Token = token;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>; Octokit adds <c>api/v3/</c> (Enterprise).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary><see cref="BaseUrl"/> + <c>api/v3/</c>.</summary>
    public Uri ApiUrl => new(BaseUrl, "api/v3/");

    public string Owner { get; }

    public string Repository { get; }

    /// <summary>The only token it accepts (<c>Authorization: token …</c> or <c>Bearer …</c>).</summary>
    public string Token { get; }

    public IReadOnlyList<FakeGitHubRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<FakePullRequest> PullRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _pulls];
            }
        }
    }

    public IReadOnlyList<string> DeletedBranches
    {
        get
        {
            lock (_lock)
            {
                return [.. _deletedBranches];
            }
        }
    }

    public static async Task<FakeGitHubServer> StartAsync(string owner = "octo", string repository = "hello", string token = "ghp_fake_token", CancellationToken cancellationToken = default)
    {
        var server = new FakeGitHubServer(owner, repository, token);
        var host = await LoopbackHost.StartAsync(server.HandleAsync, cancellationToken);
        server._host = host;
        server.BaseUrl = host.BaseUrl;
        return server;
    }

    /// <summary>The GitHub-looking URL tests give the project's origin (<c>https://github.com/owner/repo.git</c>).</summary>
    public string RemoteUrl => $"https://github.com/{Owner}/{Repository}.git";

    /// <summary>
    /// Makes <paramref name="repository"/>'s origin look like this GitHub repository while git still pushes
    /// to its local bare remote: <c>remote.origin.url</c> = <see cref="RemoteUrl"/> and
    /// <c>url.&lt;bare&gt;.insteadOf</c> = the same URL. The fake then reads pushed branches from the bare repository.
    /// </summary>
    public void UseAsOriginOf(TestRepository repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var bare = repository.RemotePath ?? throw new InvalidOperationException("Create the repository with withRemote: true.");
        TestGit.Run(repository.Path, "config", "remote.origin.url", RemoteUrl);
        TestGit.Run(repository.Path, "config", $"url.{bare}.insteadOf", RemoteUrl);
        lock (_lock)
        {
            _barePath = bare;
        }
    }

    /// <summary>Tells the fake that <paramref name="branch"/> was pushed at <paramref name="sha"/> (updates its open PR's head).</summary>
    public void PushHead(string branch, string sha)
    {
        lock (_lock)
        {
            _heads[branch] = sha;
            foreach (var pull in _pulls.Where(p => p.Head == branch && p.State == "open"))
            {
                pull.HeadSha = sha;
            }
        }
    }

    /// <summary>Adds a pull request directly (as if opened on the website).</summary>
    public FakePullRequest AddPullRequest(string head, string title, string @base = "main", string? headSha = null)
    {
        lock (_lock)
        {
            var pull = new FakePullRequest
            {
                Number = _pulls.Count + 1,
                Title = title,
                Head = head,
                HeadSha = headSha ?? _heads.GetValueOrDefault(head) ?? new string('a', 40),
                Base = @base,
            };
            _pulls.Add(pull);
            return pull;
        }
    }

    /// <summary>Changes a pull request under the lock (its ETag changes with it).</summary>
    public void Update(int number, Action<FakePullRequest> change)
    {
        lock (_lock)
        {
            change(_pulls.Single(p => p.Number == number));
        }
    }

    public void AddCheckRun(string sha, FakeCheckRun run)
    {
        lock (_lock)
        {
            Add(_checkRuns, sha, run);
        }
    }

    public void AddStatus(string sha, FakeCommitStatus status)
    {
        lock (_lock)
        {
            Add(_statuses, sha, status);
        }
    }

    public void AddReviewComment(int number, FakeReviewComment comment)
    {
        lock (_lock)
        {
            Add(_comments, number, comment);
        }
    }

    /// <summary>A review: APPROVED, CHANGES_REQUESTED or COMMENTED.</summary>
    public void AddReview(int number, string user, string state)
    {
        lock (_lock)
        {
            Add(_reviews, number, (user, state));
        }
    }

    /// <summary>Whether <c>POST /api/graphql</c> answers (review threads with their resolved state); false: 404, as an old Enterprise server or a proxy might.</summary>
    public bool GraphQlAvailable { get; set; } = true;

    /// <summary>The next request is refused with 403 and <c>X-RateLimit-Remaining: 0</c>, resetting at <paramref name="reset"/>.</summary>
    public void RateLimitNext(DateTimeOffset reset)
    {
        lock (_lock)
        {
            _rateLimitResetNext = reset;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    private static void Add<TKey, TValue>(Dictionary<TKey, List<TValue>> map, TKey key, TValue value)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }
}
