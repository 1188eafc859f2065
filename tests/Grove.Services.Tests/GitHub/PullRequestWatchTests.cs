using System.Threading.Channels;
using Grove.Core.Errors;
using Grove.Services.PullRequests;
using Grove.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.GitHub;

/// <summary>The pull request poller: reads at once, backs off while nothing changes, starts over on a change or a nudge, stops without viewers.</summary>
public sealed class PullRequestWatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Backoff_doubles_to_five_minutes_and_a_change_or_reset_starts_over()
    {
        var backoff = new PollBackoff();

        var waits = Enumerable.Range(0, 7).Select(i => backoff.Next(changed: i == 0)).Select(t => (int)t.TotalSeconds).ToList();
        var afterChange = backoff.Next(changed: true);
        backoff.Reset();
        var afterReset = backoff.Next(changed: false);

        Assert.Equal([10, 20, 40, 80, 160, 300, 300], waits);
        Assert.Equal(TimeSpan.FromSeconds(10), afterChange);
        Assert.Equal(TimeSpan.FromSeconds(20), afterReset);
    }

    [Fact]
    public async Task Polls_with_backoff_resets_on_change_and_nudge_and_stops_when_nobody_looks()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var github = new ScriptedPullRequests(time);
        var watch = new PullRequestWatch(github, time, NullLogger<PullRequestWatch>.Instance);
        var updates = Channel.CreateUnbounded<PullRequestWatchUpdate>();

        var viewer = watch.Watch("ws1", u => updates.Writer.WriteAsync(u, Ct).AsTask());
        var first = await updates.Reader.ReadAsync(TestTimeouts.Token(Ct));
        var waits = new List<int> { (int)first.NextIn.TotalSeconds };
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(waits[^1]));
            waits.Add((int)(await updates.Reader.ReadAsync(TestTimeouts.Token(Ct))).NextIn.TotalSeconds);
        }

        github.Checks = 2; // something changed on GitHub
        time.Advance(TimeSpan.FromSeconds(waits[^1]));
        var changed = await updates.Reader.ReadAsync(TestTimeouts.Token(Ct));
        time.Advance(TimeSpan.FromSeconds(10));
        var unchanged = await updates.Reader.ReadAsync(TestTimeouts.Token(Ct));
        watch.Nudge("ws1");
        var nudged = await updates.Reader.ReadAsync(TestTimeouts.Token(Ct));
        var readsWhileWatched = github.Reads.Count;
        var viewersBefore = watch.ViewerCount("ws1");
        viewer.Dispose();
        time.Advance(TimeSpan.FromMinutes(30));

        Assert.Equal([10, 20, 40, 80], waits);
        Assert.Equal((2, 10), (changed.Status!.Checks!.Passed, (int)changed.NextIn.TotalSeconds));
        Assert.Equal(20, (int)unchanged.NextIn.TotalSeconds);
        Assert.Equal(10, (int)nudged.NextIn.TotalSeconds);
        Assert.False(github.Reads[0], "the first read may use the ~10 s cache");
        Assert.True(github.Reads[^1], "a nudge reads past the cache");
        Assert.Equal(1, viewersBefore);
        Assert.Equal(0, watch.ViewerCount("ws1"));
        Assert.Equal(readsWhileWatched, github.Reads.Count);
    }

    [Fact]
    public async Task A_second_viewer_shares_the_poller_sees_the_last_read_and_errors_are_one_line()
    {
        var time = new FakeTimeProvider();
        var github = new ScriptedPullRequests(time) { Error = new GroveException(ErrorKind.AuthRequired, "No GitHub token for github.com.") };
        var watch = new PullRequestWatch(github, time, NullLogger<PullRequestWatch>.Instance);
        var one = Channel.CreateUnbounded<PullRequestWatchUpdate>();
        var two = Channel.CreateUnbounded<PullRequestWatchUpdate>();

        using var first = watch.Watch("ws1", u => one.Writer.WriteAsync(u, Ct).AsTask());
        var seen = await one.Reader.ReadAsync(TestTimeouts.Token(Ct));
        using var second = watch.Watch("ws1", u => two.Writer.WriteAsync(u, Ct).AsTask());
        var replayed = await two.Reader.ReadAsync(TestTimeouts.Token(Ct));

        Assert.Equal((ErrorKind.AuthRequired, "No GitHub token for github.com."), (seen.ErrorKind, seen.Error));
        Assert.Null(seen.Status);
        Assert.Same(seen, replayed);
        Assert.Equal(2, watch.ViewerCount("ws1"));
        Assert.Single(github.Reads);
    }

    /// <summary>A hand-written <see cref="IPullRequests"/>: a status whose passed count tests change, every read recorded.</summary>
    private sealed class ScriptedPullRequests(TimeProvider time) : IPullRequests
    {
        private readonly List<bool> _reads = [];

        public int Checks { get; set; } = 1;

        public GroveException? Error { get; init; }

        public IReadOnlyList<bool> Reads
        {
            get
            {
                lock (_reads)
                {
                    return [.. _reads];
                }
            }
        }

        public Task<PullRequestStatus> GetStatusAsync(string workspace, bool refresh = false, CancellationToken cancellationToken = default)
        {
            lock (_reads)
            {
                _reads.Add(refresh);
            }

            if (Error is not null)
            {
                throw Error;
            }

            var pr = new PullRequestInfo(1, "https://github.com/octo/hello/pull/1", "Change", "open", false, "feature", "abc", "main", true, "clean");
            return Task.FromResult(new PullRequestStatus(workspace, "github.com/octo/hello", "feature", pr, null, new ChecksSummary(Checks, 0, 0, []), 0, time.GetUtcNow()));
        }

        public Task<PullRequestCreated> CreateAsync(string workspace, PullRequestCreateOptions options, Action<string>? onProgress = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PullRequestCreateOptions> GetCreateDraftAsync(string workspace, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<PullRequestReviewThread>> GetReviewThreadsAsync(string workspace, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<PullRequestCheck>> GetChecksAsync(string workspace, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<PullRequestComment>> GetCommentsAsync(string workspace, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<PullRequestMerged> MergeAsync(string workspace, PullRequestMergeMethod method, bool deleteBranch, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<GitHubAuthStatus> GetAuthAsync(string? workspace = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
