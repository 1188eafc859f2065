using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Web.State;
using Grove.Web.Transcript;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Grove.Web.Components.Transcript;

/// <summary>
/// The message list of one agent tab. Opens with the last <see cref="PageSize"/> stored events,
/// loads earlier ones when the user scrolls to the top (transcript.js keeps the position), then
/// follows the tab's live events: they are folded as they arrive and the list re-renders at most
/// once per <see cref="FlushInterval"/>, or per <see cref="StreamingFlushInterval"/> while the tab
/// streams (<see cref="FlushPacer"/>), and only the block of items that changed. While the user follows
/// the latest messages, the list holds a window of the newest items: past <see cref="WindowLimit"/>
/// the oldest are dropped down to <see cref="WindowKeep"/> ("load earlier" brings them back), so
/// a tab that streams for hours costs the server no more than a short one.
/// </summary>
public sealed partial class TranscriptView : IAsyncDisposable
{
    /// <summary>Stored events loaded at first and per "load earlier".</summary>
    internal const int PageSize = 150;

    /// <summary>Items past which the oldest are dropped while the user follows the latest.</summary>
    internal const int WindowLimit = 200;

    /// <summary>Items left after dropping the oldest.</summary>
    internal const int WindowKeep = 120;

    /// <summary>Items are rendered in blocks of up to 2^<see cref="BlockShift"/> (16) by their <see cref="TranscriptItem.Ordinal"/>.</summary>
    internal const int BlockShift = 4;

    /// <summary>Live events are folded and rendered in batches at most this often (the first after a quiet spell, and status changes).</summary>
    internal static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(40);

    /// <summary>While a tab streams (its last flush was less than this ago), its list renders at most this often.</summary>
    internal static readonly TimeSpan StreamingFlushInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>While the page is hidden, live events are folded this often, and nothing renders until it is shown.</summary>
    internal static readonly TimeSpan HiddenFlushInterval = TimeSpan.FromSeconds(1);

    private readonly List<LiveEvent> _inbox = [];
    private readonly List<Block> _blocks = [];
    private TranscriptFold _fold = new();
    private string? _loadedTab;
    private bool _loaded;
    private bool _loadingEarlier;
    private bool _interactive;
    private bool _following = true;
    private string? _loadError;
    private int _flushScheduled;
    private int _urgentScheduled;
    private bool _hidden;
    private bool _renderOwed;
    private int _flushes;
    private CancellationTokenSource? _subscription;
    private ElementReference _scroller;
    private IJSObjectReference? _module;
    private DotNetObjectReference<TranscriptView>? _self;

    [Inject] private ITranscripts Transcripts { get; set; } = null!;
    [Inject] private IAgentRuns Runs { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private Toasts Toasts { get; set; } = null!;
    [Inject] private UiCommands Commands { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [Inject] private ITabWorktree Worktree { get; set; } = null!;

    private long? _restoreAt;

    [Parameter, EditorRequired] public string TabId { get; set; } = "";

    /// <summary>Opens "Restore to before this turn" for the user message at <paramref name="sequence"/>.</summary>
    public void AskRestore(long sequence)
    {
        _restoreAt = sequence;
        StateHasChanged();
    }

    private void CloseRestore() => _restoreAt = null;

    /// <summary>The tab's worktree: cards show paths relative to it.</summary>
    internal WorktreePaths Paths { get; private set; } = WorktreePaths.None;

    /// <summary>How many live flushes ran (for tests and diagnostics).</summary>
    internal int Flushes => Volatile.Read(ref _flushes);

    /// <summary>The folded items (for tests and diagnostics).</summary>
    internal TranscriptFold Fold => _fold;

    private bool HasEarlier => _fold.FirstSequence > 1;

    /// <summary>
    /// The list in blocks of consecutive items whose ordinals share a block number: a block keeps its
    /// items while the list grows at the end or loses its oldest items, so a flush that appends an
    /// item or updates the streaming one re-renders its block alone (the others see the same items
    /// at the same versions and skip).
    /// </summary>
    private List<Block> Blocks()
    {
        _blocks.Clear();
        var items = _fold.Items;
        var i = 0;
        while (i < items.Count)
        {
            var number = items[i].Ordinal >> BlockShift;
            var start = i;
            long versions = 0;
            while (i < items.Count && items[i].Ordinal >> BlockShift == number)
            {
                versions += items[i].Version;
                i++;
            }

            _blocks.Add(new Block(number, start, i - start, versions));
        }

        return _blocks;
    }

    private readonly record struct Block(long Number, int Start, int Count, long Versions);

    protected override void OnInitialized() => Commands.Invoked += OnCommandAsync;

    protected override async Task OnParametersSetAsync()
    {
        if (TabId == _loadedTab)
        {
            return;
        }

        StopSubscription();
        _loadedTab = TabId;
        _fold = new TranscriptFold();
        _loaded = false;
        _loadError = null;
        try
        {
            Paths = await Worktree.PathsAsync(TabId);
            var last = await Transcripts.LastSequenceAsync(TabId);
            foreach (var stored in await Transcripts.ReadAsync(TabId, Math.Max(0, last - PageSize), PageSize))
            {
                _fold.Apply(stored);
            }

            SyncRunState(initial: true);
        }
        catch (GroveException ex)
        {
            _loadError = ex.Message;
        }

        _loaded = true;
        StartSubscription();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        _interactive = true;
        StartSubscription();
        try
        {
            _self = DotNetObjectReference.Create(this);
            _module = await JS.InvokeAsync<IJSObjectReference>("import", "./_content/Grove.Web/js/transcript.js");
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("attach", _scroller, _self);
            }
        }
        catch (JSException)
        {
            // Scrolling helpers are a nicety; the list works without them.
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>Loads the page of stored events before the first loaded one (called when the user scrolls to the top).</summary>
    [JSInvokable]
    public async Task<bool> LoadEarlierAsync()
    {
        var loaded = false;
        await InvokeAsync(async () => loaded = await LoadEarlierCoreAsync());
        return loaded;
    }

    private async Task<bool> LoadEarlierCoreAsync()
    {
        if (_loadingEarlier || !HasEarlier)
        {
            return false;
        }

        _loadingEarlier = true;
        var fold = _fold;
        try
        {
            var first = fold.FirstSequence;
            var from = Math.Max(0, first - 1 - PageSize);
            var events = await Transcripts.ReadAsync(TabId, from, (int)(first - 1 - from));
            if (fold != _fold || fold.FirstSequence != first || events.Count == 0)
            {
                return false;
            }

            var earlier = new TranscriptFold();
            foreach (var stored in events)
            {
                earlier.Apply(stored);
            }

            _fold.Prepend(earlier);
            SyncRunState(initial: false);
            return true;
        }
        catch (GroveException ex)
        {
            Toasts.Error($"Could not load earlier messages: {ex.Message}");
            return false;
        }
        finally
        {
            _loadingEarlier = false;
            StateHasChanged();
        }
    }

    /// <summary>Whether the user is at the latest messages (transcript.js tells when this changes); only then is the window trimmed.</summary>
    [JSInvokable]
    public Task SetFollowingAsync(bool following) => InvokeAsync(() =>
    {
        _following = following;
        if (TrimWindow())
        {
            StateHasChanged();
        }
    });

    /// <summary>Drops the oldest items once there are more than <see cref="WindowLimit"/>, unless the user reads or loads earlier ones.</summary>
    private bool TrimWindow() =>
        _following && !_loadingEarlier && _fold.Items.Count > WindowLimit && _fold.TrimTo(WindowKeep) > 0;

    /// <summary>Sends the user's answer to a permission request, plan or question shown in the list.</summary>
    internal async Task AnswerAsync(ToolCallItem tool, ApprovalAnswer answer)
    {
        if (tool.Permission is not { Actionable: true } permission)
        {
            return;
        }

        _fold.MarkSubmitting(tool, true);
        StateHasChanged();
        try
        {
            await Runs.AnswerAsync(permission.RequestId, answer);
            _fold.MarkAnswered(tool, answer);
            _fold.MarkSubmitting(tool, false);
        }
        catch (GroveException ex)
        {
            _fold.MarkSubmitting(tool, false, ex.Message);
            SyncRunState(initial: false);
            Toasts.Error(ex.Message);
        }

        StateHasChanged();
    }

    /// <summary>Which requests the run service still waits on (only those get buttons), and whether a turn runs.</summary>
    private bool SyncRunState(bool initial)
    {
        var pending = Runs.GetPending(TabId);
        var changed = _fold.SetPending(pending.Select(p => p.Id).ToHashSet(StringComparer.Ordinal));
        if (initial)
        {
            var busy = Runs.IsBusy(TabId);
            if (!busy)
            {
                // Nothing runs: whatever the transcript left open (a crash, a stop) is over.
                _fold.EndTurn();
            }

            _fold.TabStatus ??= pending.Count > 0 ? "needsinput" : busy ? "running" : null;
        }

        return changed;
    }

    private async Task OnCommandAsync(string command)
    {
        if (command != UiCommand.ApprovePlan)
        {
            return;
        }

        var plan = _fold.OpenRequests.LastOrDefault(t => t.Tool == ToolKind.Plan && t.Permission is { Actionable: true });
        if (plan is not null)
        {
            await InvokeAsync(() => AnswerAsync(plan, new ApprovalAnswer(ApprovalChoice.Implement)));
        }
    }

    public async ValueTask DisposeAsync()
    {
        Commands.Invoked -= OnCommandAsync;
        StopSubscription();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _scroller);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
            catch (JSException)
            {
            }
        }

        _self?.Dispose();
    }
}
