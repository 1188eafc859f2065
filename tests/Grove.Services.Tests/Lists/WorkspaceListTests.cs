using Grove.Core.Domain;
using Grove.Services.Lists;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Testing.Git;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Grove.Services.Tests.Lists;

/// <summary>The one list of projects, workspaces and tabs that every open page's sidebar reads.</summary>
public sealed class WorkspaceListTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_made_elsewhere_is_read_once_per_poll_for_all_listeners_and_only_a_difference_is_announced()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        // Other services read the projects on their own timers too: the list's own reads are counted.
        await using var app = await TestApp.StartAsync(services => services.AddSingleton<TimeProvider>(time));
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, "demo", Ct);
        await CreateAsync(app, project, "first");
        var list = app.App.Get<IWorkspaceList>();
        var counting = (WorkspaceList)list;
        var first = await list.GetAsync(Ct);
        Assert.Equal(["first"], first.Workspaces.Select(w => w.Name));

        // Five pages listen; nothing changes: a poll reads once and tells no one.
        var heard = new Counter();
        var last = new WorkspaceListSnapshot?[5];
        var handlers = new Action<WorkspaceListSnapshot>[5];
        for (var i = 0; i < handlers.Length; i++)
        {
            var page = i;
            handlers[i] = read =>
            {
                Volatile.Write(ref last[page], read);
                heard.Increment();
            };
            list.Changed += handlers[i];
        }

        var reads = counting.Reads;
        time.Advance(WorkspaceList.PollInterval);
        WaitForReads(counting, reads + 1);
        Assert.Equal(0, heard.Value);
        Assert.Same(first, await list.GetAsync(Ct));

        // What the CLI does: writes the database directly, the server is not told. The next poll reads it once for all five.
        await CreateAsync(app, project, "second");
        time.Advance(WorkspaceList.PollInterval);
        await heard.WaitForAsync(5, Ct);
        Assert.Equal(reads + 2, counting.Reads);
        var second = await list.GetAsync(Ct);
        Assert.Equal(first.Version + 1, second.Version);
        Assert.Equal(["second", "first"], second.Workspaces.Select(w => w.Name));
        Assert.All(last, read => Assert.Same(second, read));

        // A change made here is announced at once, without waiting for the poll.
        await app.Workspaces.ArchiveAsync(second.Workspaces[0].Id, cancellationToken: Ct);
        var third = await list.RefreshAsync(Ct);
        Assert.True(third.Workspaces.Single(w => w.Name == "second").IsArchived);
        Assert.Equal(10, heard.Value);
        Assert.All(last, read => Assert.Same(third, read));

        // Nobody listens any more: the poll ends at its next tick and reads no more.
        foreach (var handler in handlers)
        {
            list.Changed -= handler;
        }

        var polling = ((WorkspaceList)list).Polling;
        Assert.NotNull(polling);
        time.Advance(WorkspaceList.PollInterval);
        await polling.WaitAsync(TestTimeouts.Default, Ct);
        var after = counting.Reads;
        time.Advance(WorkspaceList.PollInterval * 3);
        Assert.Null(((WorkspaceList)list).Polling);
        Assert.Equal(after, counting.Reads);

        // A page that opens now gets a fresh read, not the one from before the quiet spell.
        await CreateAsync(app, project, "third");
        var fresh = await list.GetAsync(Ct);
        Assert.Equal(after + 1, counting.Reads);
        Assert.Contains(fresh.Workspaces, w => w.Name == "third");

        // A listener again: the poll starts again.
        list.Changed += handlers[0];
        time.Advance(WorkspaceList.PollInterval);
        WaitForReads(counting, after + 2);
        list.Changed -= handlers[0];
    }

    /// <summary>The poll runs off the test's thread and renders nothing: wait for its read count.</summary>
    private static void WaitForReads(WorkspaceList list, int reads) =>
        Assert.True(SpinWait.SpinUntil(() => list.Reads >= reads, TestTimeouts.Default), $"The list was read {list.Reads} times, not {reads}.");

    private static async Task CreateAsync(TestApp app, Project project, string name) =>
        await app.Workspaces.CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = name, NoFetch = true }, cancellationToken: Ct);

    /// <summary>A count that a test can wait on (completes when the count reaches a value; no polling).</summary>
    private sealed class Counter
    {
        private readonly List<(int Target, TaskCompletionSource Reached)> _waiters = [];
        private int _value;

        public int Value
        {
            get
            {
                lock (_waiters)
                {
                    return _value;
                }
            }
        }

        public void Increment()
        {
            lock (_waiters)
            {
                _value++;
                foreach (var waiter in _waiters.Where(w => w.Target <= _value).ToList())
                {
                    waiter.Reached.TrySetResult();
                    _waiters.Remove(waiter);
                }
            }
        }

        public Task WaitForAsync(int target, CancellationToken cancellationToken)
        {
            lock (_waiters)
            {
                if (_value >= target)
                {
                    return Task.CompletedTask;
                }

                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((target, reached));
                return reached.Task.WaitAsync(TestTimeouts.Default, cancellationToken);
            }
        }
    }
}
