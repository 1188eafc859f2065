using Grove.Web.Changes;

namespace Grove.Web.Tests.Changes;

public sealed class CoalescingRefresherTests
{
    [Fact]
    public async Task Requests_during_a_run_become_one_follow_up_run()
    {
        var runs = 0;
        var firstStarted = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        using var refresher = new CoalescingRefresher(async _ =>
        {
            if (Interlocked.Increment(ref runs) == 1)
            {
                firstStarted.SetResult();
                await release.Task;
            }
        }, ex => throw new InvalidOperationException("unexpected", ex));

        var first = refresher.Request();
        await firstStarted.Task.WaitAsync(Xunit.TestContext.Current.CancellationToken);
        var burst = Enumerable.Range(0, 10).Select(_ => refresher.Request()).ToList();
        release.SetResult();
        await Task.WhenAll(burst.Append(first)).WaitAsync(Xunit.TestContext.Current.CancellationToken);

        Assert.Equal(2, runs);
        await refresher.Request().WaitAsync(Xunit.TestContext.Current.CancellationToken);
        Assert.Equal(3, runs);
    }

    [Fact]
    public async Task A_failed_run_is_reported_and_the_next_request_runs_again()
    {
        var errors = new List<Exception>();
        var runs = 0;
        using var refresher = new CoalescingRefresher(_ =>
        {
            runs++;
            return runs == 1 ? Task.FromException(new IOException("disk")) : Task.CompletedTask;
        }, errors.Add);

        await refresher.Request().WaitAsync(Xunit.TestContext.Current.CancellationToken);
        await refresher.Request().WaitAsync(Xunit.TestContext.Current.CancellationToken);

        Assert.Equal("disk", Assert.Single(errors).Message);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task After_dispose_nothing_runs()
    {
        var runs = 0;
        var refresher = new CoalescingRefresher(_ => { runs++; return Task.CompletedTask; }, _ => { });
        refresher.Dispose();

        await refresher.Request();

        Assert.Equal(0, runs);
    }
}
