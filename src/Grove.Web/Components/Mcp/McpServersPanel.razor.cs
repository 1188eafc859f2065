using Grove.Core.Errors;
using Grove.Core.Mcp;
using Grove.Services.Mcp;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Mcp;

public sealed partial class McpServersPanel
{
    private readonly HashSet<string> _expanded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _testing = new(StringComparer.Ordinal);
    private McpServerList? _list;
    private McpFormModel? _form;
    private string? _error;
    private bool _probing;
    private (string?, string?)? _loadedFor;

    [Inject]
    private IMcpServers Servers { get; set; } = null!;

    [Inject]
    private Toasts Toasts { get; set; } = null!;

    /// <summary>A project (name, id or path); null with no workspace = user scope only.</summary>
    [Parameter]
    public string? Project { get; set; }

    /// <summary>A workspace: its project's servers and its own switches.</summary>
    [Parameter]
    public string? WorkspaceId { get; set; }

    /// <summary>Shown as the workspace page's right-hand panel.</summary>
    [Parameter]
    public bool Drawer { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedFor == (Project, WorkspaceId))
        {
            return;
        }

        _loadedFor = (Project, WorkspaceId);
        _list = null;
        _form = null;
        await LoadAsync(probe: false);
        _ = ProbeInBackgroundAsync();
    }

    private async Task ProbeInBackgroundAsync()
    {
        await LoadAsync(probe: true);
        await InvokeAsync(StateHasChanged);
    }

    private async Task LoadAsync(bool probe, bool force = false)
    {
        var place = (Project, WorkspaceId);
        _probing = probe;
        try
        {
            if (force && _list is not null)
            {
                foreach (var server in _list.Servers.Where(s => s.Trusted && s.Enabled))
                {
                    await Servers.TestAsync(server.Name, Project, WorkspaceId);
                }
            }

            var list = await Servers.ListAsync(Project, WorkspaceId, probe);
            if (place == (Project, WorkspaceId))
            {
                _list = list;
                _error = null;
            }
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _probing = false;
        }
    }

    private async Task SignInChangedAsync(McpServerView server, McpSignInStatus status)
    {
        if (status.State == McpSignInState.SignedIn)
        {
            await TestAsync(server);
        }
    }

    private async Task TestAsync(McpServerView server)
    {
        _testing.Add(server.Name);
        try
        {
            var tested = await Servers.TestAsync(server.Name, Project, WorkspaceId);
            Replace(tested);
            if (tested.Probe.Status == McpServerStatus.Connected)
            {
                _expanded.Add(tested.Name);
            }
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _testing.Remove(server.Name);
        }
    }

    private async Task TrustAsync()
    {
        var reference = Project ?? _list?.ProjectId;
        if (reference is null)
        {
            return;
        }

        try
        {
            var trusted = await Servers.TrustAsync(reference);
            Toasts.Show($"Approved {trusted.Servers.Count} server(s) from .mcp.json.");
            await LoadAsync(probe: true);
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task SetEnabledAsync(McpServerView server, bool enabled)
    {
        try
        {
            await Servers.SetEnabledAsync(server.Name, enabled, WorkspaceId is null ? Project : null, WorkspaceId);
            await LoadAsync(probe: true);
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task RemoveAsync(McpServerView server)
    {
        try
        {
            var origin = await Servers.RemoveAsync(server.Name, server.Origin.Scope, _list?.ProjectId);
            Toasts.Show($"Removed {server.Name} from {origin.File}.");
            await LoadAsync(probe: false);
        }
        catch (GroveException ex)
        {
            _error = ex.Message;
        }
    }

    private async Task<string?> SaveAsync(McpFormModel model)
    {
        try
        {
            var saved = await Servers.SaveAsync(new McpAddRequest(model.ToDefinition(), model.Scope, model.Scope == McpScope.User ? null : _list?.ProjectId));
            _form = null;
            Toasts.Show($"Saved {saved.Name} to {saved.Origin.File}.");
            await LoadAsync(probe: true);
            return null;
        }
        catch (GroveException ex)
        {
            return ex.Message;
        }
    }

    private void StartAdd() => _form = new McpFormModel { Scope = _list?.ProjectId is null ? McpScope.User : McpScope.Local };

    private void StartEdit(McpServerView server) => _form = McpFormModel.From(server);

    private void Toggle(string name)
    {
        if (!_expanded.Remove(name))
        {
            _expanded.Add(name);
        }
    }

    private void Replace(McpServerView view)
    {
        if (_list is null)
        {
            return;
        }

        _list = _list with { Servers = [.. _list.Servers.Select(s => s.Name == view.Name ? view : s)] };
    }

    private string SwitchTitle(McpServerView server) =>
        server.EnabledBy switch
        {
            "workspace" => "Set for this workspace",
            "project" => "Set for the whole project",
            _ => "On by default",
        };

    internal static string StatusName(McpServerStatus status) => status switch
    {
        McpServerStatus.Connected => "connected",
        McpServerStatus.Failed => "failed",
        McpServerStatus.NeedsSignIn => "needs-sign-in",
        McpServerStatus.NotTrusted => "not-trusted",
        McpServerStatus.Disabled => "disabled",
        _ => "unknown",
    };

    private string StatusText(McpServerView server) => server.Probe.Status switch
    {
        McpServerStatus.Connected => "connected",
        McpServerStatus.Failed => "failed",
        McpServerStatus.NeedsSignIn => "needs sign-in",
        McpServerStatus.NotTrusted => "not trusted",
        McpServerStatus.Disabled => "disabled",
        _ => _probing ? "checking…" : "not checked",
    };
}
