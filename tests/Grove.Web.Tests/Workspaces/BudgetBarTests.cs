using Grove.Core.Budgets;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Budgets;
using Grove.Testing;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

/// <summary>The workspace header's budget bar over real budgets and stored turn costs.</summary>
public sealed class BudgetBarTests : WorkspaceUiTestContext
{
    private readonly CountingBudgets _counting = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        base.ConfigureServices(services);
        services.Decorate<IBudgets>(_counting.Wrap);
    }

    private Task SpendAsync(decimal usd) =>
        Get<ITurnCostStore>().AddAsync(new TurnCost("tab", Workspace.Id, Workspace.ProjectId, usd, DateTimeOffset.UtcNow), Ct);

    [Fact]
    public void Without_a_budget_the_bar_is_not_shown()
    {
        var cut = Render<BudgetBar>(p => p.Add(b => b.WorkspaceId, Workspace.Id));
        Assert.Empty(cut.FindAll("[data-test='budget-bar']"));
    }

    [Fact]
    public async Task The_bar_shows_spent_of_the_tightest_budget_and_announces_when_it_is_reached()
    {
        await Get<IBudgets>().SetAsync(BudgetScope.Workspace, Workspace.Name, 1m, Ct);
        await Get<IBudgets>().SetAsync(BudgetScope.Daily, null, 50m, Ct);
        await SpendAsync(0.85m);

        var cut = Render<BudgetBar>(p => p.Add(b => b.WorkspaceId, Workspace.Id));
        cut.WaitForAssertion(() => Assert.Equal("$0.85 / $1.00", cut.Find("[data-test='budget-bar'] .budget-text").TextContent));
        Assert.Equal("warning", cut.Find("[data-test='budget-bar']").GetAttribute("data-state"));

        // A turn ends (its cost stored first): the bar reloads and says the budget ran out.
        await SpendAsync(0.2m);
        Get<IAgentRuns>().Events.Publish(new LiveEvent("tab", null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("reached", cut.Find("[data-test='budget-bar']").GetAttribute("data-state")));
        Assert.Equal("$1.05 / $1.00", cut.Find("[data-test='budget-bar'] .budget-text").TextContent);
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Error && t.Message.StartsWith($"Budget reached: workspace '{Workspace.Name}' spent $1.05 of $1.00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Many_turns_that_end_together_reload_the_bar_once_not_once_per_turn()
    {
        await Get<IBudgets>().SetAsync(BudgetScope.Workspace, Workspace.Name, 1m, Ct);
        await SpendAsync(0.85m);
        var cut = Render<BudgetBar>(p => p.Add(b => b.WorkspaceId, Workspace.Id));
        cut.WaitForAssertion(() => Assert.Equal("warning", cut.Find("[data-test='budget-bar']").GetAttribute("data-state")));
        var before = _counting.Reads;

        await SpendAsync(0.2m);
        for (var i = 0; i < 30; i++)
        {
            Get<IAgentRuns>().Events.Publish(new LiveEvent($"tab{i}", null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UnixEpoch));
        }

        cut.WaitForAssertion(() => Assert.Equal("reached", cut.Find("[data-test='budget-bar']").GetAttribute("data-state")));
        Assert.InRange(_counting.Reads - before, 1, 3);
    }
}

/// <summary>Counts the budget bar's reads (<see cref="IBudgets.ForWorkspaceAsync"/>).</summary>
internal sealed class CountingBudgets
{
    private int _reads;

    public int Reads => Volatile.Read(ref _reads);

    public IBudgets Wrap(IBudgets inner) => new Counting(inner, this);

    private sealed class Counting(IBudgets inner, CountingBudgets owner) : IBudgets
    {
        public Task<IReadOnlyList<BudgetStatus>> ListAsync(CancellationToken cancellationToken = default) => inner.ListAsync(cancellationToken);

        public Task<IReadOnlyList<BudgetStatus>> ForWorkspaceAsync(string workspaceId, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._reads);
            return inner.ForWorkspaceAsync(workspaceId, cancellationToken);
        }

        public Task<BudgetStatus?> SetAsync(BudgetScope scope, string? target, decimal limitUsd, CancellationToken cancellationToken = default) =>
            inner.SetAsync(scope, target, limitUsd, cancellationToken);

        public Task<bool> ClearAsync(BudgetScope scope, string? target, CancellationToken cancellationToken = default) =>
            inner.ClearAsync(scope, target, cancellationToken);

        public Task<SpendSummary> SpendAsync(string? workspaceId = null, CancellationToken cancellationToken = default) =>
            inner.SpendAsync(workspaceId, cancellationToken);
    }
}
