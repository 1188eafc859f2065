using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Services.Files;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Grove.Web.Components.Composer;

/// <summary>
/// Writes to one tab's agent. composer.js owns the textarea (the text is never re-rendered from
/// here, so typing is never overwritten by a late render) and reports input, Enter, Esc, menu keys
/// and pasted images through the <c>[JSInvokable]</c> methods below.
/// </summary>
public sealed partial class Composer : IAsyncDisposable
{
    public const string ModulePath = "./_content/Grove.Web/js/composer.js";

    /// <summary>The live notices the composer follows: the tab's status and its queue.</summary>
    private static readonly string[] WatchedKinds = [TabEventHub.StatusKind, "queued"];

    private readonly CancellationTokenSource _life = new();
    private readonly List<ComposerAttachment> _attachments = [];
    private ElementReference _textarea;
    private ElementReference _menuElement;
    private IJSObjectReference? _module;
    private DotNetObjectReference<Composer>? _self;
    private string _text = "";
    private int _caret;
    private IReadOnlyList<QueuedMessage> _queued = [];
    private bool _busy;
    private bool _sending;
    private string? _error;
    private AgentTab? _tab;
    private ComposerMenu? _menu;
    private IReadOnlyList<ComposerMenuItem>? _projectCommands;
    private int _menuVersion;
    private bool _scrollMenu;
    private bool _disposed;

    [Parameter, EditorRequired] public string TabId { get; set; } = "";

    /// <summary>The tab's workspace (for file mentions and project commands); looked up from the tab when not given.</summary>
    [Parameter] public string? WorkspaceId { get; set; }

    /// <summary>Raised after the composer changed the tab (<c>/plan</c>, <c>/agent</c>), with the tab as stored.</summary>
    [Parameter] public EventCallback<AgentTab> OnTabChanged { get; set; }

    [Inject] private IAgentRuns Runs { get; set; } = null!;
    [Inject] private IAgentTabs Tabs { get; set; } = null!;
    [Inject] private IWorkspaceFiles Files { get; set; } = null!;
    [Inject] private IProjectCommands ProjectCommands { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private UiCommands Commands { get; set; } = null!;
    [Inject] private ComposerDrafts Drafts { get; set; } = null!;

    /// <summary>The text as the composer knows it (for tests and the send button).</summary>
    public string Text => _text;

    public IReadOnlyList<ComposerAttachment> Attachments => _attachments;

    private bool CanSend => !_sending && _text.Trim().Length > 0;

    protected override async Task OnInitializedAsync()
    {
        Commands.Invoked += OnCommandAsync;
        SubscribeInbox();
        if (Drafts.Get(TabId) is { } draft)
        {
            _text = draft.Text;
            _caret = _text.Length;
            _attachments.AddRange(draft.Attachments);
        }

        try
        {
            _tab = await Tabs.ResolveAsync(TabId, _life.Token);
            WorkspaceId ??= _tab.WorkspaceId;
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }

        RefreshRunState();
        _ = WatchAsync(_life.Token);
        _ = LoadVoiceStatusAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            try
            {
                _module = await JS.InvokeAsync<IJSObjectReference>("import", _life.Token, ModulePath);
                _self = DotNetObjectReference.Create(this);
                var draft = Drafts.Get(TabId);
                var text = await _module.InvokeAsync<string?>("attach", _life.Token, _textarea, _self, TabId, draft?.Text);
                if (draft is null && !string.IsNullOrEmpty(text))
                {
                    // Restored from localStorage (the page was reloaded).
                    _text = text;
                    _caret = text.Length;
                    Drafts.Set(TabId, _text, _attachments);
                    StateHasChanged();
                }

                await AttachVoiceAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        if (_scrollMenu && _menu is not null && _module is not null)
        {
            _scrollMenu = false;
            await CallAsync("scrollMenuItem", _menuElement, _menu.Selected);
        }
    }

    [JSInvokable]
    public async Task OnInput(string text, int caret)
    {
        var couldSend = CanSend;
        _text = text ?? "";
        _caret = Math.Clamp(caret, 0, _text.Length);
        Drafts.Set(TabId, _text, _attachments);
        var hadMenu = _menu;
        await UpdateMenuAsync();
        if (couldSend != CanSend || !ReferenceEquals(hadMenu, _menu))
        {
            StateHasChanged();
        }
    }

    [JSInvokable]
    public async Task OnEnter(string text)
    {
        _text = text ?? "";
        _caret = _text.Length;
        await SendAsync();
    }

    [JSInvokable]
    public async Task OnEscape()
    {
        if (_menu is not null)
        {
            await SetMenuAsync(null);
            StateHasChanged();
        }
        else if (_busy)
        {
            await StopAsync();
        }
    }

    /// <summary>A key composer.js held back because it thought the menu was open; <paramref name="text"/> is the box's text then.</summary>
    [JSInvokable]
    public async Task OnMenuKey(string key, string? text = null)
    {
        if (text is not null && text != _text)
        {
            // Typed faster than the menu followed: look again with the text as it is now.
            _text = text;
            _caret = text.Length;
            await UpdateMenuAsync();
        }

        if (_menu is not { } menu)
        {
            // The menu closed meanwhile: the key means what it means without one.
            if (key == "Enter")
            {
                await SendAsync();
            }
            else if (key == "Escape")
            {
                await OnEscape();
            }

            StateHasChanged();
            return;
        }

        switch (key)
        {
            case "ArrowDown" when menu.Items.Count > 0:
                _menu = menu with { Selected = (menu.Selected + 1) % menu.Items.Count };
                _scrollMenu = true;
                break;
            case "ArrowUp" when menu.Items.Count > 0:
                _menu = menu with { Selected = (menu.Selected - 1 + menu.Items.Count) % menu.Items.Count };
                _scrollMenu = true;
                break;
            case "Enter" or "Tab" when menu.Current is not null:
                await ChooseAsync(menu.Selected);
                return;
            case "Enter":
                await SetMenuAsync(null);
                await SendAsync();
                return;
            case "Escape" or "Tab":
                await SetMenuAsync(null);
                break;
        }

        StateHasChanged();
    }

    private async Task SendClickedAsync()
    {
        await SendAsync();
        await CallAsync("focus", _textarea);
    }

    /// <summary>Sends the text (running Grove's slash commands first); queues behind a running turn.</summary>
    private async Task SendAsync()
    {
        if (_sending)
        {
            return;
        }

        var text = _text.Trim();
        if (text.Length == 0)
        {
            if (_attachments.Count > 0)
            {
                _error = "Add a few words to go with the image.";
                StateHasChanged();
            }

            return;
        }

        _sending = true;
        _error = null;
        _menuVersion++; // a menu lookup still running for older text must not reopen the menu
        await SetMenuAsync(null);
        StateHasChanged();
        try
        {
            var message = text.StartsWith('/') ? await RunSlashCommandAsync(text) : text;
            if (message is not null)
            {
                var images = _attachments.Select(a => new MessageImage(a.MediaType, a.Data, a.Name)).ToList();
                await Runs.SendAsync(TabId, message, images, _life.Token);
            }

            await ResetAsync();
            RefreshRunState();
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _sending = false;
            StateHasChanged();
        }
    }

    /// <summary>Runs <c>/plan</c>, <c>/agent</c> or <c>/clear</c>; returns what is left to send (null: nothing), or the whole text for any other command.</summary>
    private async Task<string?> RunSlashCommandAsync(string text)
    {
        var end = text.IndexOfAny([' ', '\n', '\t', '\r']);
        var name = (end < 0 ? text[1..] : text[1..end]).ToLowerInvariant();
        var rest = end < 0 ? "" : text[end..].Trim();
        switch (name)
        {
            case SlashCommands.Plan or SlashCommands.Agent:
                var mode = name == SlashCommands.Plan ? AgentMode.Plan : AgentMode.Agent;
                _tab = await Tabs.UpdateAsync(TabId, t => t with { Mode = mode }, _life.Token);
                await OnTabChanged.InvokeAsync(_tab);
                break;
            case SlashCommands.Clear:
                await Runs.ClearSessionAsync(TabId, _life.Token);
                break;
            default:
                return text; // a project command or one the agent knows: it expands it
        }

        return rest.Length > 0 ? rest : null;
    }

    private async Task ResetAsync()
    {
        _text = "";
        _caret = 0;
        _attachments.Clear();
        Drafts.Remove(TabId);
        await CallAsync("clear", _textarea, TabId);
    }

    private async Task StopAsync()
    {
        try
        {
            await Runs.InterruptAsync(TabId, _life.Token);
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }

        RefreshRunState();
        StateHasChanged();
    }

    private async Task RemoveQueuedAsync(string id)
    {
        try
        {
            await Runs.RemoveQueuedAsync(TabId, id, _life.Token);
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }

        RefreshRunState();
    }

    /// <summary>Takes a queued message out of the queue and into the draft (after what is already typed).</summary>
    private async Task TakeBackQueuedAsync(QueuedMessage item)
    {
        try
        {
            if (await Runs.RemoveQueuedAsync(TabId, item.Id, _life.Token))
            {
                _text = _text.Trim().Length == 0 ? item.Text : $"{_text.TrimEnd()}\n\n{item.Text}";
                _caret = _text.Length;
                Drafts.Set(TabId, _text, _attachments);
                await CallAsync("setText", _textarea, _text, _caret);
            }
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }

        RefreshRunState();
    }

    private void RefreshRunState()
    {
        _busy = Runs.IsBusy(TabId);
        _queued = Runs.GetQueued(TabId);
    }

    /// <summary>Follows the tab's status and queue changes until the composer goes away.</summary>
    private async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Only the tab's status and queue notices: a streaming tab's transcript never wakes the composer.
            await foreach (var live in Runs.Events.SubscribeKindsAsync(TabId, WatchedKinds, cancellationToken))
            {
                var tab = live.Kind == TabEventHub.StatusKind ? await Tabs.ResolveAsync(TabId, cancellationToken) : _tab;
                await InvokeAsync(() =>
                {
                    _tab = tab;
                    RefreshRunState();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (GroveException)
        {
            // The tab was closed meanwhile: nothing left to follow.
        }
    }

    private async Task OnCommandAsync(string command)
    {
        switch (command)
        {
            case UiCommand.FocusComposer:
                await CallAsync("focus", _textarea);
                break;
            case UiCommand.Stop when _busy:
                await InvokeAsync(StopAsync);
                break;
        }
    }

    /// <summary>Calls composer.js; a closed page (circuit gone) is not an error.</summary>
    private async Task CallAsync(string identifier, params object?[] args)
    {
        if (_module is null)
        {
            return;
        }

        try
        {
            await _module.InvokeVoidAsync(identifier, args);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Commands.Invoked -= OnCommandAsync;
        UnsubscribeInbox();
        await _life.CancelAsync();
        await DetachVoiceAsync();
        if (_module is not null)
        {
            try
            {
                await _module.InvokeVoidAsync("detach", _textarea);
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }

        _self?.Dispose();
        _life.Dispose();
    }
}
