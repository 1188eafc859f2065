using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Agents;

/// <summary>Each finished turn's own cost goes to the budgets: a notice at 80%, and at 100% running turns stop if the user chose that.</summary>
internal sealed partial class TabRunner
{
    private async Task OnTurnCostAsync(Workspace workspace, ResultEvent result)
    {
        if (result.TurnCostUsd is not { } cost)
        {
            return;
        }

        try
        {
            var tab = await context.Tabs.GetAsync(TabId, CancellationToken.None);
            if (tab is null)
            {
                return;
            }

            var (warnings, reached) = await context.Budgets.RecordAsync(tab, workspace, cost, result.SessionId, result.CostUsd, CancellationToken.None);
            foreach (var warning in warnings)
            {
                await _recorder.RecordAsync(
                    new SystemEvent(BudgetNotice.Subtype, BudgetNotice.Payload(Budgets.BudgetService.WarningMessage(warning), reached: false)), CancellationToken.None);
            }

            if (reached.Count > 0 && context.OnBudgetReached is { } onReached)
            {
                _ = Task.Run(() => onReached(TabId, reached));
            }
        }
        catch (GroveException ex)
        {
            context.Logger.LogWarning("Tab {Tab}: the turn's cost could not be counted: {Error}", TabId, ex.Message);
        }
    }
}
