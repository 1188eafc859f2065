using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.AspNetCore.Components;

namespace Grove.Web.Components.Pages;

/// <summary>The header's selectors: the open tab's mode, permission mode and model.</summary>
public sealed partial class WorkspacePage
{
    private async Task ChangeModeAsync(ChangeEventArgs e)
    {
        var mode = Enum.TryParse<AgentMode>(e.Value?.ToString(), ignoreCase: true, out var parsed) ? parsed : AgentMode.Agent;
        await UpdateTabAsync(t => t with { Mode = mode }, mode == AgentMode.Plan ? "Plan mode: the agent proposes a plan and changes nothing until you approve it." : "Agent mode: the agent may change files.");
    }

    private async Task ChangePermissionModeAsync(ChangeEventArgs e)
    {
        switch (Enum.TryParse<PermissionMode>(e.Value?.ToString(), ignoreCase: true, out var parsed) ? parsed : PermissionMode.Ask)
        {
            case PermissionMode.Bypass:
                _confirmBypass = true; // the select shows the stored value again until confirmed
                _focusCancelBypass = true;
                StateHasChanged();
                break;
            case PermissionMode.AcceptEdits:
                await UpdateTabAsync(t => t with { PermissionMode = PermissionMode.AcceptEdits }, "File edits inside the workspace no longer ask; other tools still do.");
                break;
            default:
                await UpdateTabAsync(t => t with { PermissionMode = PermissionMode.Ask }, null);
                break;
        }
    }

    private void CancelBypass()
    {
        _confirmBypass = false;
        _selectsVersion++; // the select still shows the refused choice: draw it again from the tab
    }

    private async Task ConfirmBypassAsync()
    {
        _confirmBypass = false;
        await UpdateTabAsync(t => t with { PermissionMode = PermissionMode.Bypass }, "Every tool call in this tab is allowed without asking.");
    }

    private static readonly int[] StepCaps = [5, 10, 25, 50, 100];

    /// <summary>The step cap is a start option of the agent: the tab's next turn restarts the idle process with it.</summary>
    private async Task ChangeMaxTurnsAsync(ChangeEventArgs e)
    {
        var maxTurns = int.TryParse(e.Value?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : (int?)null;
        await UpdateTabAsync(t => t with { MaxTurns = maxTurns }, maxTurns is { } cap ? $"At most {cap} steps per turn (from the next message)." : "No cap on the steps per turn (from the next message).");
    }

    /// <summary>The model is given to the agent process at start: stop an idle process so the next message starts one with it.</summary>
    private async Task ChangeModelAsync(ChangeEventArgs e)
    {
        if (_currentTab is not { } tab)
        {
            return;
        }

        var value = e.Value?.ToString();
        var model = string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        if (Runs.IsBusy(tab.Id))
        {
            Toasts.Error("A turn is running in this tab; stop it or wait for it to finish before changing the model.");
            _selectsVersion++; // put the selector back
            return;
        }

        if (await UpdateTabAsync(t => t with { Model = model }, $"Model: {model ?? "default"} (from the next message)."))
        {
            try
            {
                await Runs.StopAsync(tab.Id, _life.Token);
            }
            catch (GroveException ex)
            {
                Toasts.Error(ex.Message);
            }
        }
    }

    private async Task<bool> UpdateTabAsync(Func<AgentTab, AgentTab> change, string? confirmation)
    {
        if (_currentTab is not { } tab)
        {
            return false;
        }

        try
        {
            await AgentTabs.UpdateAsync(tab.Id, change, _life.Token);
            if (confirmation is not null)
            {
                Toasts.Show(confirmation, State.ToastKind.Success);
            }

            return true;
        }
        catch (GroveException ex)
        {
            Toasts.Error(ex.Message);
            return false;
        }
        finally
        {
            _selectsVersion++;
            await ReloadTabsAsync();
        }
    }
}
