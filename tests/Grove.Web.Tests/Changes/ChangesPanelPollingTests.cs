using Grove.Git.Watching;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Web.Tests.Changes;

/// <summary>
/// With the inotify budget spent, the real watcher polls instead of failing and the panel keeps
/// following the files. The limit is injected where a folder watch starts (never the real one).
/// </summary>
public sealed class ChangesPanelPollingTests : ChangesBed
{
    private const string InstanceLimitMessage =
        "The configured user limit (128) on the number of inotify instances has been reached, or the per-process limit on the number of open file descriptors has been reached.";

    private readonly FakeTimeProvider _time = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IWorkspaceWatcherFactory>(new WorkspaceWatcherFactory(_time)
        {
            StartFolderWatch = _ => throw new IOException(InstanceLimitMessage, 24),
        });

    [Fact]
    public async Task Without_file_watches_a_new_file_shows_at_the_next_poll()
    {
        using var repo = TestRepository.Create();
        var workspace = await CreateWorkspaceAsync(repo);
        var panel = await RenderSettledAsync(workspace);
        _time.Advance(WorkspaceWatcherFactory.DefaultDebounce); // the catch-up report when polling starts
        await panel.Instance.PendingRefresh.WaitAsync(Ct);
        panel.Find("[data-test='changes-empty']");

        Write(workspace, "while-polling.txt", "x\n");
        Assert.Empty(panel.FindAll("[data-file='while-polling.txt']"));
        _time.Advance(WorkspaceWatcherFactory.DefaultPollInterval);
        _time.Advance(WorkspaceWatcherFactory.DefaultDebounce);

        WaitFor(panel, () => panel.Find(Row("while-polling.txt", "unstaged")));
    }
}
