using Grove.Core.Errors;
using Grove.Core.Terminals;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Terminals;

/// <summary>
/// The terminals of a workspace at the bottom of its page: a tab per live terminal, + for a new
/// one (the first opens by itself), × to close one (its shell ends). Each is the server's terminal,
/// so a reload or a second browser shows the same shells with their scrollback.
/// </summary>
public sealed partial class TerminalPanel
{
    private readonly CancellationTokenSource _life = new();
    private IReadOnlyList<TerminalInfo> _terminals = [];
    private string? _currentId;
    private bool _loaded;
    private bool _opening;

    [Parameter, EditorRequired] public string WorkspaceId { get; set; } = "";

    [Parameter] public EventCallback OnHide { get; set; }

    protected override Task OnParametersSetAsync() => ReloadAsync();

    /// <summary>Showing the panel of a workspace without terminals opens the first (only when interactive, never while prerendering).</summary>
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && _loaded && _terminals.Count == 0 && !_opening)
        {
            await OpenAsync();
            StateHasChanged();
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            _terminals = await Terminals.ListAsync(WorkspaceId, _life.Token);
            _currentId = _terminals.Any(t => t.Id == _currentId) ? _currentId : _terminals.Count > 0 ? _terminals[^1].Id : null;
        }
        catch (GroveException e)
        {
            Toasts.Error(e.Message);
        }

        _loaded = true;
    }

    private async Task OpenAsync()
    {
        _opening = true;
        try
        {
            var terminal = await Terminals.OpenAsync(WorkspaceId, cancellationToken: _life.Token);
            await ReloadAsync();
            _currentId = terminal.Id;
        }
        catch (GroveException e)
        {
            Toasts.Error(e.Message);
        }
        finally
        {
            _opening = false;
        }
    }

    private void Select(string id) => _currentId = id;

    private async Task CloseAsync(string id)
    {
        try
        {
            await Terminals.CloseAsync(WorkspaceId, id, _life.Token);
        }
        catch (GroveException e) when (e.Kind == ErrorKind.NotFound)
        {
            // Ended meanwhile.
        }

        await ReloadAsync();
    }

    private async Task ExitedAsync(string id)
    {
        await ReloadAsync();
        StateHasChanged();
    }

    public void Dispose()
    {
        _life.Cancel();
        _life.Dispose();
    }
}
