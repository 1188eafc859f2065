using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Pages;

/// <summary>
/// One workspace: header (mode, permissions, model, notifications, changes toggle), its tabs and the
/// open tab's conversation. The URL names the tab (<c>/w/{ws}/t/{tab}</c>); switching tabs navigates.
/// </summary>
public sealed partial class WorkspacePage
{
    private readonly CancellationTokenSource _life = new();
    private Workspace? _workspace;
    private IReadOnlyList<AgentTab> _tabs = [];
    private AgentTab? _currentTab;
    private TabStrip? _strip;
    private string? _error;
    private bool _showChanges = true;
    private bool _showTerminal;
    private bool _showRun;
    private bool _tabsLoaded;
    private bool _starting;
    private bool _confirmBypass;
    private bool _watching;
    private int _selectsVersion;
    private ElementReference _cancelBypass;
    private bool _focusCancelBypass;

    [Parameter] public string WorkspaceId { get; set; } = "";

    [Parameter] public string? TabId { get; set; }

    protected override void OnInitialized()
    {
        // A narrow window opens on the conversation; the changes panel is a drawer there.
        _showChanges = !Layout.Narrow;
        Commands.Invoked += OnCommandAsync;
    }

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            if (_workspace is null || (_workspace.Id != WorkspaceId && _workspace.Name != WorkspaceId))
            {
                _tabsLoaded = false;
                _workspace = await Workspaces.ResolveAsync(WorkspaceId, _life.Token);
            }

            await ReloadTabsAsync();
            _error = null;
        }
        catch (GroveException e)
        {
            _workspace = null;
            _error = e.Message;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusCancelBypass && _confirmBypass)
        {
            _focusCancelBypass = false;
            await _cancelBypass.FocusAsync();
        }

        if (firstRender && !_watching)
        {
            _watching = true;
            _ = WatchStatusAsync(_life.Token);
        }

        // The URL always names the open tab, so a reload or a shared link comes back to it.
        if (_workspace is not null && _currentTab is not null && TabId != _currentTab.Id)
        {
            Navigation.NavigateTo(TabStrip.TabUrl(_currentTab), replace: true);
        }
    }

    private async Task ReloadTabsAsync()
    {
        if (_workspace is null)
        {
            return;
        }

        _tabs = await AgentTabs.ListAsync(_workspace.Id, _life.Token);
        _currentTab = _tabs.FirstOrDefault(t => t.Id == TabId) ?? _tabs.FirstOrDefault(t => t.Name == TabId) ?? (_tabs.Count > 0 ? _tabs[0] : null);
        _tabsLoaded = true;
    }

    private async Task StartAgentAsync()
    {
        if (_workspace is null || _strip is null)
        {
            return;
        }

        _starting = true;
        try
        {
            await _strip.CreateAsync();
        }
        finally
        {
            _starting = false;
        }
    }

    private async Task TabChangedAsync(AgentTab tab)
    {
        _selectsVersion++;
        await ReloadTabsAsync();
        StateHasChanged();
    }

    private bool _showMcp;

    /// <summary>Whether the right-hand panel shows in a wide window (the user's last choice there).</summary>
    private bool _changesWhenWide = true;

    private void ToggleChanges()
    {
        if (_showChanges && _showMcp)
        {
            _showMcp = false;
            return;
        }

        _showMcp = false;
        _showChanges = !_showChanges;
        RememberWidePanel();
    }

    /// <summary>The right-hand panel shows the workspace's MCP servers instead of its changes (or closes).</summary>
    private void ToggleMcp()
    {
        if (_showChanges && _showMcp)
        {
            _showChanges = false;
            _showMcp = false;
        }
        else
        {
            _showChanges = true;
            _showMcp = true;
        }

        RememberWidePanel();
    }

    /// <summary>In a wide window the user's choice of panel is kept for when it is wide again.</summary>
    private void RememberWidePanel()
    {
        if (!Layout.Narrow)
        {
            _changesWhenWide = _showChanges;
        }
    }

    private void ToggleTerminal() => _showTerminal = !_showTerminal;

    private void ToggleRun() => _showRun = !_showRun;

    private void GoToTab(int step)
    {
        if (_currentTab is null || _tabs.Count < 2)
        {
            return;
        }

        var index = _tabs.ToList().FindIndex(t => t.Id == _currentTab.Id);
        var next = _tabs[(index + step + _tabs.Count) % _tabs.Count];
        Navigation.NavigateTo(TabStrip.TabUrl(next));
    }

    private async Task OnCommandAsync(string command)
    {
        switch (command)
        {
            case UiCommand.NextTab:
                await InvokeAsync(() => GoToTab(1));
                break;
            case UiCommand.PreviousTab:
                await InvokeAsync(() => GoToTab(-1));
                break;
            case UiCommand.NewTab when _strip is { } strip:
                await InvokeAsync(() => strip.CreateAsync());
                break;
            case UiCommand.NarrowLayout when _showChanges:
                await InvokeAsync(() =>
                {
                    _showChanges = false;
                    StateHasChanged();
                });
                break;
            case UiCommand.WideLayout when _showChanges != _changesWhenWide:
                // Back to a wide window (a window made narrow and wide again, a tablet turned): the
                // panel is as the user last left it there, whatever the drawer did meanwhile.
                await InvokeAsync(() =>
                {
                    _showChanges = _changesWhenWide;
                    StateHasChanged();
                });
                break;
            case UiCommand.ClosePanels when _showChanges && Layout.Narrow:
                await InvokeAsync(() =>
                {
                    _showChanges = false;
                    StateHasChanged();
                });
                break;
            case UiCommand.ToggleTerminal:
                await InvokeAsync(() =>
                {
                    ToggleTerminal();
                    StateHasChanged();
                });
                break;
            case UiCommand.ToggleChanges:
                await InvokeAsync(() =>
                {
                    ToggleChanges();
                    StateHasChanged();
                });
                break;
        }
    }

    /// <summary>Reloads the tabs when one of this workspace's tabs changes status (a plan approval may switch its mode).</summary>
    private async Task WatchStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var live in Runs.Events.SubscribeStatusAsync(cancellationToken))
            {
                if (_tabs.Any(t => t.Id == live.TabId))
                {
                    await InvokeAsync(async () =>
                    {
                        await ReloadTabsAsync();
                        StateHasChanged();
                    });
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (GroveException)
        {
            // The workspace went away; the next navigation shows why.
        }
    }

    public void Dispose()
    {
        Commands.Invoked -= OnCommandAsync;
        _life.Cancel();
        _life.Dispose();
    }
}
