using System.Threading.Channels;
using Grove.Git.Watching;
using Grove.Services.Changes;
using Grove.Testing;

namespace Grove.Services.Tests.Changes;

public sealed class WorkspaceWatchHubTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Subscribers_OfOneWorkTree_ShareAWatcher_AndEachSeesChanges()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var hub = app.App.Get<WorkspaceWatchHub>();
        var first = Channel.CreateUnbounded<WorkspaceChange>();
        var second = Channel.CreateUnbounded<WorkspaceChange>();

        var a = hub.Watch(repo.Path, c => first.Writer.TryWrite(c));
        var b = hub.Watch(repo.Path + "/", c => second.Writer.TryWrite(c));
        Assert.Equal(1, hub.WatchedCount);

        repo.WriteFile("src/new.txt", "hello\n");

        Assert.Contains("src/new.txt", await WaitForPathAsync(first.Reader));
        Assert.Contains("src/new.txt", await WaitForPathAsync(second.Reader));

        await a.DisposeAsync();
        Assert.Equal(1, hub.WatchedCount);
        await b.DisposeAsync();
        await b.DisposeAsync();
        Assert.Equal(0, hub.WatchedCount);
    }

    [Fact]
    public async Task A_failing_handler_does_not_stop_the_others()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var hub = app.App.Get<WorkspaceWatchHub>();
        var seen = Channel.CreateUnbounded<WorkspaceChange>();

        await using var failing = hub.Watch(repo.Path, _ => throw new InvalidOperationException("boom"));
        await using var working = hub.Watch(repo.Path, c => seen.Writer.TryWrite(c));
        repo.WriteFile("README.md", "changed\n");

        Assert.Contains("README.md", await WaitForPathAsync(seen.Reader));
    }

    private static async Task<IReadOnlyList<string>> WaitForPathAsync(ChannelReader<WorkspaceChange> reader)
    {
        while (true)
        {
            var change = await reader.ReadAsync(Ct);
            if (change.Kinds.HasFlag(WorkspaceChangeKinds.WorkingFiles) && change.Paths.Count > 0)
            {
                return change.Paths;
            }
        }
    }
}
