using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>
/// The recorder's group commit on a real database: a subscriber sees an event only once it is
/// committed, in order within a tab while several tabs record at once, a full queue makes the
/// reader wait, and stopping stores and publishes everything queued.
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
        await using var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, TimeSpan.FromMinutes(1));
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
        var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, TimeSpan.FromMilliseconds(1));
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
            await using var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, TimeSpan.FromMilliseconds(1));
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
        await using var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, TimeSpan.FromMinutes(1));

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
        var recorder = new TranscriptRecorder(tabId, store, hub, TimeProvider.System, TimeSpan.FromMinutes(1));
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

    private static TextEvent Text(string messageId, string text) => new(messageId, text);

    private static ResultEvent Result() => new("s", IsError: false) { ResultText = "end" };

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

    /// <summary>The real store, whose appends wait at a gate (closed at first) inside the call, as a slow disk would.</summary>
    private sealed class GatedTranscriptStore(ITranscriptStore inner) : ITranscriptStore
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when an append first waits at the gate.</summary>
        public Task Entered => _entered.Task;

        public void Open() => _gate.TrySetResult();

        public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<IReadOnlyList<TranscriptEvent>> AppendSupersedingAsync(
            string tabId, IReadOnlyList<TranscriptEvent> events, IReadOnlyCollection<long> supersededPartials, CancellationToken cancellationToken = default)
        {
            var gate = _gate.Task;
            if (!gate.IsCompleted)
            {
                _entered.TrySetResult();
            }

            await gate;
            return await inner.AppendSupersedingAsync(tabId, events, supersededPartials, cancellationToken);
        }

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
