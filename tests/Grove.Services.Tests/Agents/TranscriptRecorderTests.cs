using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>
/// The recorders' shared group commit (<see cref="TranscriptCommitter"/>) on a real database: a
/// subscriber sees an event only once it is committed, in order within a tab while several tabs
/// record at once, many tabs' rows go in one transaction, a flush does not wait for the commit
/// window, one tab's failing rows fault that tab alone, a live item waits only behind its own tab's
/// rows, a full queue makes the reader wait, and stopping stores and publishes everything queued.
/// </summary>
public sealed class TranscriptRecorderTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task AnEventReachesSubscribers_OnlyAfterItsTransactionCommitted()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "one");
        var store = new GatedTranscriptStore(app.App.Get<ITranscriptStore>());
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub);
        await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromMinutes(1));
        await using var live = hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct);

        try
        {
            // The first event passes, so the subscriber is past its read of the store and waits on live events.
            var first = live.MoveNextAsync();
            store.Open();
            await recorder.RecordAsync(Text("m1", "first"), Ct);
            Assert.True(await first);
            store.Close();

            await recorder.RecordAsync(Text("m2", "second"), Ct);
            await store.Entered.WaitAsync(Ct);
            var next = live.MoveNextAsync();

            // The writer is inside the transaction: nothing is committed, so nothing may be published.
            Assert.False(next.IsCompleted);
            Assert.Equal(1, await store.CountAsync(tabId, Ct));
            store.Open();
            Assert.True(await next);
            Assert.Equal(2, live.Current.Sequence);
            var stored = await store.ReadAsync(tabId, 1, cancellationToken: Ct);
            Assert.Equal("second", Assert.Single(stored).Text);
        }
        finally
        {
            store.Open(); // a failed assertion must not leave the recorder's flush waiting at the gate
        }
    }

    [Fact]
    public async Task EveryEventASubscriberSees_IsAlreadyInTheDatabase()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "many");
        var store = app.App.Get<ITranscriptStore>();
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub);
        var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromMilliseconds(1));
        var checker = Task.Run(async () =>
        {
            long lastStored = 0;
            var missing = new List<string>();
            await foreach (var seen in hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct))
            {
                lastStored = seen.Sequence ?? lastStored;

                // A separate connection, as a page reloading the transcript would read it.
                if (lastStored > 0 && await store.CountAsync(tabId, Ct) < lastStored)
                {
                    missing.Add($"{seen.Kind} #{lastStored}");
                }

                if (seen.Kind == AgentEventKinds.Result)
                {
                    return missing;
                }
            }

            return missing;
        }, Ct);
        await WaitForSubscriberAsync(hub, tabId);

        for (var message = 0; message < 40; message++)
        {
            for (var i = 0; i < 20; i++)
            {
                await recorder.RecordAsync(new DeltaEvent($"m{message}", 0, DeltaKind.Text, $"piece {i} "), Ct);
            }

            await recorder.RecordAsync(Text($"m{message}", $"message {message}"), Ct);
        }

        await recorder.RecordAsync(Result(), Ct);

        Assert.Empty(await checker);
        await recorder.DisposeAsync();
        var rows = await ReadAllAsync(store, tabId);
        Assert.Equal(41, rows.Count(r => r.Kind is AgentEventKinds.Text or AgentEventKinds.Result));
    }

    [Fact]
    public async Task TabsRecordingAtOnce_EachSubscriberSeesItsTabInOrder_AndTheDatabaseHoldsEveryEvent()
    {
        const int Tabs = 4;
        const int Messages = 60;
        await using var app = await TestApp.StartAsync();
        var store = app.App.Get<ITranscriptStore>();
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub);
        var tabIds = new List<string>();
        for (var t = 0; t < Tabs; t++)
        {
            tabIds.Add(await AddTabAsync(app, $"tab{t}"));
        }

        var subscribers = tabIds.Select(tabId => Task.Run(async () =>
        {
            var seen = new List<LiveEvent>();
            await foreach (var live in hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct))
            {
                seen.Add(live);
                if (live.Kind == AgentEventKinds.Result)
                {
                    break;
                }
            }

            return seen;
        }, Ct)).ToList();
        foreach (var tabId in tabIds)
        {
            await WaitForSubscriberAsync(hub, tabId);
        }

        await Task.WhenAll(tabIds.Select(tabId => Task.Run(async () =>
        {
            await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromMilliseconds(1));
            for (var message = 0; message < Messages; message++)
            {
                await recorder.RecordAsync(new DeltaEvent($"m{message}", 0, DeltaKind.Text, $"{tabId} delta {message}"), Ct);
                await recorder.RecordAsync(Text($"m{message}", $"{tabId} text {message}"), Ct);
            }

            await recorder.RecordAsync(Result(), Ct);
        }, Ct)));

        for (var t = 0; t < Tabs; t++)
        {
            var tabId = tabIds[t];
            var seen = await subscribers[t];
            Assert.All(seen, e => Assert.Equal(tabId, e.TabId));

            // Deltas and texts alternate exactly as recorded; stored sequences only rise.
            var order = seen.Where(e => e.Kind is AgentEventKinds.Delta or AgentEventKinds.Text).Select(Label).ToList();
            var expected = Enumerable.Range(0, Messages).SelectMany(m => new[] { $"{tabId} delta {m}", $"{tabId} text {m}" }).ToList();
            Assert.Equal(expected, order);
            var sequences = seen.Where(e => e.Sequence is not null).Select(e => e.Sequence!.Value).ToList();
            Assert.Equal(sequences.Order(), sequences);
            Assert.Equal(sequences.Count, sequences.Distinct().Count());

            var texts = (await ReadAllAsync(store, tabId)).Where(r => r.Kind == AgentEventKinds.Text).Select(r => r.Text).ToList();
            Assert.Equal(Enumerable.Range(0, Messages).Select(m => $"{tabId} text {m}"), texts);
        }
    }

    [Fact]
    public async Task AFullQueue_MakesTheReaderWait_UntilTheWriterCatchesUp()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "full");
        var store = new GatedTranscriptStore(app.App.Get<ITranscriptStore>());
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub);
        await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromMinutes(1));

        try
        {
            await recorder.RecordAsync(Text("m0", "held"), Ct);
            await store.Entered.WaitAsync(Ct);

            // The writer is stuck in its transaction: the queue takes QueueCapacity items, then the reader waits.
            for (var i = 0; i < TranscriptRecorder.QueueCapacity; i++)
            {
                var queued = recorder.RecordAsync(new DeltaEvent("m1", 0, DeltaKind.InputJson, "{}"), Ct);
                Assert.True(queued.IsCompletedSuccessfully, $"item {i} waited, though the queue had room");
            }

            var waiting = recorder.RecordAsync(Text("m1", "after the wait"), Ct);
            Assert.False(waiting.IsCompleted);

            store.Open();
            await waiting;
            await recorder.FlushAsync(Ct);
            var texts = (await ReadAllAsync(store, tabId)).Where(r => r.Kind == AgentEventKinds.Text).Select(r => r.Text);
            Assert.Equal(["held", "after the wait"], texts);
        }
        finally
        {
            store.Open();
        }
    }

    [Fact]
    public async Task Stopping_StoresAndPublishesEverythingStillQueued()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "stop");
        var store = new GatedTranscriptStore(app.App.Get<ITranscriptStore>());
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub);
        var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromMinutes(1));
        var seen = new List<LiveEvent>();
        var subscriber = Task.Run(async () =>
        {
            await foreach (var live in hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct))
            {
                seen.Add(live);
                if (live.Kind == AgentEventKinds.Result)
                {
                    break;
                }
            }
        }, Ct);
        await WaitForSubscriberAsync(hub, tabId);

        try
        {
            await recorder.RecordAsync(Text("m0", "text 0"), Ct);
            await store.Entered.WaitAsync(Ct);
            for (var i = 1; i < 500; i++)
            {
                await recorder.RecordAsync(Text($"m{i}", $"text {i}"), Ct);
            }

            await recorder.RecordAsync(Result(), Ct);

            // A graceful stop while 500 events wait behind a transaction still running.
            var stopping = recorder.DisposeAsync().AsTask();
            Assert.False(stopping.IsCompleted);
            store.Open();
            await stopping;
        }
        finally
        {
            store.Open();
        }

        await subscriber.WaitAsync(Ct);
        var texts = (await ReadAllAsync(store, tabId)).Where(r => r.Kind == AgentEventKinds.Text).Select(r => r.Text).ToList();
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"text {i}"), texts);
        Assert.Equal(texts, seen.Where(e => e.Kind == AgentEventKinds.Text).Select(Label));
    }

    [Fact]
    public async Task RowsOfManyTabs_GoInOneTransaction_AndEachTabIsPublishedInItsOwnOrder()
    {
        const int Tabs = 3;
        await using var app = await TestApp.StartAsync();
        var store = new CountingTranscriptStore(app.App.Get<ITranscriptStore>());
        var hub = new TabEventHub(store);

        // A window no test outlives: only the flush below ends it.
        await using var committer = Committer(store, hub, TimeSpan.FromHours(1));
        var tabIds = new List<string>();
        var recorders = new List<TranscriptRecorder>();
        var subscribers = new List<IAsyncEnumerator<LiveEvent>>();
        var firsts = new List<Task<bool>>();
        for (var t = 0; t < Tabs; t++)
        {
            tabIds.Add(await AddTabAsync(app, $"many{t}"));
            recorders.Add(new TranscriptRecorder(tabIds[t], committer, TimeProvider.System, TimeSpan.FromHours(1)));
            subscribers.Add(hub.SubscribeAsync(tabIds[t], 0, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct));

            // A subscription starts with its first read: live-only items published before it are not replayed.
            firsts.Add(subscribers[t].MoveNextAsync().AsTask());
            await WaitForSubscriberAsync(hub, tabIds[t]);
        }

        try
        {
            for (var t = 0; t < Tabs; t++)
            {
                await recorders[t].RecordAsync(Text($"a{t}", $"{tabIds[t]} first"), Ct);
                await recorders[t].RecordAsync(new DeltaEvent($"b{t}", 0, DeltaKind.InputJson, $"{tabIds[t]} between"), Ct);
                await recorders[t].RecordAsync(Text($"b{t}", $"{tabIds[t]} second"), Ct);
            }

            await recorders[0].FlushAsync(Ct);

            var call = Assert.Single(store.Calls);
            Assert.Equal(tabIds, call.Select(a => a.TabId));
            Assert.All(call, a => Assert.Equal(2, a.Rows));
            for (var t = 0; t < Tabs; t++)
            {
                var seen = new List<string>();
                for (var i = 0; i < 3; i++)
                {
                    Assert.True(await (i == 0 ? firsts[t] : subscribers[t].MoveNextAsync().AsTask()));
                    Assert.Equal(tabIds[t], subscribers[t].Current.TabId);
                    seen.Add(Label(subscribers[t].Current));
                }

                Assert.Equal([$"{tabIds[t]} first", $"{tabIds[t]} between", $"{tabIds[t]} second"], seen);
                var texts = (await ReadAllAsync(store, tabIds[t])).Select(r => r.Text);
                Assert.Equal([$"{tabIds[t]} first", $"{tabIds[t]} second"], texts);
            }
        }
        finally
        {
            foreach (var recorder in recorders)
            {
                await recorder.DisposeAsync();
            }

            foreach (var subscriber in subscribers)
            {
                await subscriber.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AFlush_DoesNotWaitForTheCommitWindow()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "flush");
        var store = app.App.Get<ITranscriptStore>();
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub, TimeSpan.FromHours(1));
        await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromHours(1));

        await recorder.RecordAsync(Text("m1", "waits for the window"), Ct);
        await recorder.FlushAsync(Ct);

        Assert.Equal(["waits for the window"], (await ReadAllAsync(store, tabId)).Select(r => r.Text));
    }

    [Fact]
    public async Task RowsOfOneTabFailing_FaultOnlyThatTab_TheOtherTabStillRecords()
    {
        await using var app = await TestApp.StartAsync();
        var healthy = await AddTabAsync(app, "healthy");
        var doomed = await AddTabAsync(app, "doomed");
        var store = new CountingTranscriptStore(app.App.Get<ITranscriptStore>());
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub, TimeSpan.FromHours(1));
        await using var good = new TranscriptRecorder(healthy, committer, TimeProvider.System, TimeSpan.FromHours(1));
        await using var bad = new TranscriptRecorder(doomed, committer, TimeProvider.System, TimeSpan.FromHours(1));
        await using var live = hub.SubscribeAsync(healthy, 0, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct);

        // The doomed tab's row is gone: its transcript rows violate the foreign key, and fail the shared transaction.
        Assert.True(await app.App.Get<IAgentTabStore>().DeleteAsync(doomed, Ct));
        await good.RecordAsync(Text("g1", "kept"), Ct);
        await bad.RecordAsync(Text("d1", "refused"), Ct);
        var badFlush = bad.FlushAsync(Ct);
        await good.FlushAsync(Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => badFlush);
        Assert.NotNull(bad.Fault);
        Assert.Null(good.Fault);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad.RecordAsync(Text("d2", "after the fault"), Ct));

        // One shared attempt with both tabs, then each tab alone.
        Assert.Equal(2, store.Calls[0].Count);
        Assert.All(store.Calls.Skip(1), call => Assert.Single(call));

        await good.RecordAsync(Text("g2", "still recording"), Ct);
        await good.FlushAsync(Ct);
        Assert.Equal(["kept", "still recording"], (await ReadAllAsync(store, healthy)).Select(r => r.Text));
        Assert.True(await live.MoveNextAsync());
        Assert.Equal("kept", Label(live.Current));
        Assert.True(await live.MoveNextAsync());
        Assert.Equal("still recording", Label(live.Current));
    }

    [Fact]
    public async Task ALiveItem_IsPublishedAtOnce_WhenNothingWaits_AndBehindItsTabsRowsOtherwise()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "live");
        var other = await AddTabAsync(app, "other");
        var store = app.App.Get<ITranscriptStore>();
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub, TimeSpan.FromHours(1));
        await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromHours(1));
        await using var otherRecorder = new TranscriptRecorder(other, committer, TimeProvider.System, TimeSpan.FromHours(1));
        await using var live = hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct);
        var first = live.MoveNextAsync();
        await WaitForSubscriberAsync(hub, tabId);

        // Another tab's row waits for the (hour-long) window: it does not hold this tab's live items.
        await otherRecorder.RecordAsync(Text("o1", "other tab's row"), Ct);
        await recorder.PublishLiveAsync("queued", """{"position":1}""", Ct);
        await recorder.RecordAsync(new DeltaEvent("m1", 0, DeltaKind.InputJson, "at once"), Ct);
        Assert.True(await first);
        Assert.Equal("queued", live.Current.Kind);
        Assert.True(await live.MoveNextAsync());
        Assert.Equal("at once", Label(live.Current));

        // With a row of this tab waiting, live items queue behind it.
        await recorder.RecordAsync(Text("m1", "stored first"), Ct);
        await recorder.RecordAsync(new DeltaEvent("m2", 0, DeltaKind.InputJson, "behind the row"), Ct);
        await recorder.PublishLiveAsync("queued", """{"position":2}""", Ct);
        var next = live.MoveNextAsync();
        await recorder.FlushAsync(Ct);
        Assert.True(await next);
        Assert.Equal("stored first", Label(live.Current));
        Assert.NotNull(live.Current.Sequence);
        Assert.True(await live.MoveNextAsync());
        Assert.Equal("behind the row", Label(live.Current));
        Assert.True(await live.MoveNextAsync());
        Assert.Equal("""{"position":2}""", live.Current.PayloadJson);
    }

    [Fact]
    public async Task DeltasWaitingBehindARow_ReachTheSubscriberJoinedPerBlock_WithAllTheirTextInOrder()
    {
        await using var app = await TestApp.StartAsync();
        var tabId = await AddTabAsync(app, "joined");
        var store = app.App.Get<ITranscriptStore>();
        var hub = new TabEventHub(store);
        await using var committer = Committer(store, hub, TimeSpan.FromHours(1));
        await using var recorder = new TranscriptRecorder(tabId, committer, TimeProvider.System, TimeSpan.FromHours(1));
        await using var live = hub.SubscribeAsync(tabId, 0, includeLiveOnly: true, Ct).GetAsyncEnumerator(Ct);
        var first = live.MoveNextAsync();
        await WaitForSubscriberAsync(hub, tabId);

        // Nothing waits: a delta goes out at once, alone.
        await recorder.RecordAsync(new DeltaEvent("m0", 0, DeltaKind.InputJson, "alone"), Ct);
        Assert.True(await first);
        Assert.Equal("alone", Label(live.Current));

        // Behind a row (the window is an hour): a block's deltas join, another block or a row starts a new one.
        await recorder.RecordAsync(Text("m0", "row one"), Ct);
        for (var i = 0; i < 50; i++)
        {
            await recorder.RecordAsync(new DeltaEvent("m1", 0, DeltaKind.InputJson, $"a{i} "), Ct);
        }

        await recorder.RecordAsync(new DeltaEvent("m1", 1, DeltaKind.InputJson, "b0 "), Ct);
        await recorder.RecordAsync(new DeltaEvent("m1", 1, DeltaKind.InputJson, "b1 ") { ParentToolUseId = "task-1" }, Ct);
        await recorder.RecordAsync(new DeltaEvent("m1", 1, DeltaKind.InputJson, "b2 ") { ParentToolUseId = "task-1" }, Ct);
        await recorder.RecordAsync(Text("m1", "row two"), Ct);
        await recorder.RecordAsync(new DeltaEvent("m1", 1, DeltaKind.InputJson, "c0 "), Ct);
        await recorder.RecordAsync(new DeltaEvent("m1", 1, DeltaKind.InputJson, "c1 "), Ct);
        await recorder.FlushAsync(Ct);

        var seen = new List<LiveEvent>();
        for (var i = 0; i < 6; i++)
        {
            Assert.True(await live.MoveNextAsync());
            seen.Add(live.Current);
        }

        Assert.Equal(
            ["row one", string.Concat(Enumerable.Range(0, 50).Select(i => $"a{i} ")), "b0 ", "b1 b2 ", "row two", "c0 c1 "],
            seen.Select(Label));
        var joined = Assert.IsType<DeltaEvent>(AgentEventJson.Deserialize(seen[3].PayloadJson));
        Assert.Equal(("m1", 1, "task-1"), (joined.MessageId, joined.Index, joined.ParentToolUseId));
        Assert.Equal([false, true, true, true, false, true], seen.Select(e => e.Sequence is null));
    }

    private static TextEvent Text(string messageId, string text) => new(messageId, text);

    private static ResultEvent Result() => new("s", IsError: false) { ResultText = "end" };

    private static TranscriptCommitter Committer(ITranscriptStore store, TabEventHub hub, TimeSpan? window = null) =>
        new(store, hub, new AgentRunOptions { TranscriptCommitWindow = window ?? new AgentRunOptions().TranscriptCommitWindow });

    private static string Label(LiveEvent e) =>
        JsonDocument.Parse(e.PayloadJson).RootElement.GetProperty(e.Kind == AgentEventKinds.Delta ? "delta" : "content").GetString()!;

    private static async Task<string> AddTabAsync(TestApp app, string name)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var project = new Project { Id = Ids.NewProjectId(), Name = $"p-{name}-{suffix}", Path = Path.Combine(Path.GetTempPath(), $"p-{suffix}"), IsGitRepo = true };
        await app.App.Get<IProjectStore>().AddAsync(project, Ct);
        var workspace = new Workspace
        {
            Id = Ids.NewWorkspaceId(),
            ProjectId = project.Id,
            Name = name,
            WorktreePath = Path.Combine(Path.GetTempPath(), $"w-{suffix}"),
            Branch = $"grove/{name}",
        };
        await app.App.Get<IWorkspaceStore>().AddAsync(workspace, Ct);
        var tab = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = workspace.Id, Name = name };
        await app.App.Get<IAgentTabStore>().AddAsync(tab, Ct);
        return tab.Id;
    }

    private static async Task WaitForSubscriberAsync(TabEventHub hub, string tabId)
    {
        while (hub.SubscriberCount(tabId) == 0)
        {
            await Task.Yield();
            Ct.ThrowIfCancellationRequested();
        }
    }

    private static async Task<List<TranscriptEvent>> ReadAllAsync(ITranscriptStore store, string tabId)
    {
        var all = new List<TranscriptEvent>();
        while (true)
        {
            var page = await store.ReadAsync(tabId, all.Count == 0 ? 0 : all[^1].Sequence, 1000, Ct);
            all.AddRange(page);
            if (page.Count < 1000)
            {
                return all;
            }
        }
    }

    /// <summary>The real store, noting each multi-tab append: which tabs, how many rows each.</summary>
    private sealed class CountingTranscriptStore(ITranscriptStore inner) : ForwardingTranscriptStore(inner), ITranscriptStore
    {
        private readonly List<IReadOnlyList<(string TabId, int Rows)>> _calls = [];

        public IReadOnlyList<IReadOnlyList<(string TabId, int Rows)>> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public Task<IReadOnlyList<IReadOnlyList<TranscriptEvent>>> AppendTabsAsync(IReadOnlyList<TranscriptAppend> appends, CancellationToken cancellationToken = default)
        {
            lock (_calls)
            {
                _calls.Add([.. appends.Select(a => (a.TabId, a.Events.Count))]);
            }

            return Inner.AppendTabsAsync(appends, cancellationToken);
        }

    }

    /// <summary>The real store, whose appends wait at a gate (closed at first) inside the call, as a slow disk would.</summary>
    private sealed class GatedTranscriptStore(ITranscriptStore inner) : ForwardingTranscriptStore(inner)
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when an append first waits at the gate.</summary>
        public Task Entered => _entered.Task;

        public void Open() => _gate.TrySetResult();

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
            string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default)
        {
            var gate = _gate.Task;
            if (!gate.IsCompleted)
            {
                _entered.TrySetResult();
            }

            await gate;
            return await Inner.AppendSupersedingAsync(tabId, events, supersededPartials, cancellationToken);
        }
    }

    /// <summary>The real store behind a test's wrapper; a multi-tab append is the interface's tab-by-tab default unless a wrapper overrides it.</summary>
    private abstract class ForwardingTranscriptStore(ITranscriptStore inner) : ITranscriptStore
    {
        protected ITranscriptStore Inner => inner;

        public virtual Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
            string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default) =>
            inner.AppendSupersedingAsync(tabId, events, supersededPartials, cancellationToken);

        public Task<TranscriptEvent> AppendAsync(TranscriptEvent transcriptEvent, CancellationToken cancellationToken = default) =>
            inner.AppendAsync(transcriptEvent, cancellationToken);

        public Task<IReadOnlyList<TranscriptEvent>> AppendManyAsync(IReadOnlyList<TranscriptEvent> events, CancellationToken cancellationToken = default) =>
            inner.AppendManyAsync(events, cancellationToken);

        public Task<IReadOnlyList<TranscriptEvent>> ReadAsync(string tabId, long afterSequence = 0, int limit = 1000, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(tabId, afterSequence, limit, cancellationToken);

        public Task<long> CountAsync(string tabId, CancellationToken cancellationToken = default) => inner.CountAsync(tabId, cancellationToken);

        public Task<IReadOnlyList<TranscriptSearchHit>> SearchAsync(string query, int limit = 50, CancellationToken cancellationToken = default) =>
            inner.SearchAsync(query, limit, cancellationToken);
    }
}
