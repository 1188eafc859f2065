using System.Text.Json;
using Grove.Testing;

namespace Grove.Cli.Tests;

/// <summary><c>grove budget</c>, <c>grove status</c> and the budget refusal of <c>grove run</c> (real CLI, fake API).</summary>
public sealed class BudgetCommandsTests
{
    [Fact]
    public async Task A_run_past_the_workspace_budget_is_refused_in_one_line_and_sends_nothing()
    {
        await using var bed = await RunBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Apples are red."));
        Assert.Contains("Budget for workspace 'agent': $0.0001", await bed.Grove.OkAsync("budget", "set", "--workspace", "agent", "0.0001"));
        await bed.Grove.OkAsync("run", "agent", "Tell me about apples");
        var requests = bed.Api.Requests.Count;

        var refused = await bed.Grove.RunAsync("run", "agent", "And pears?");

        Assert.Equal(ExitCodes.BudgetReached, refused.ExitCode);
        var line = Assert.Single(refused.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(line, @"^grove: Budget reached: workspace 'agent' spent \$0\.\d+ of \$0\.0001 — raise it with grove budget set --workspace agent \d+$"), line);
        Assert.Equal(requests, bed.Api.Requests.Count);

        var shown = await bed.Grove.JsonAsync("budget", "show");
        var budget = shown.GetProperty("budgets")[0];
        Assert.Equal("workspace", budget.GetProperty("scope").GetString());
        Assert.True(budget.GetProperty("reached").GetBoolean());
        Assert.True(shown.GetProperty("todayUsd").GetDecimal() > 0);

        // The tab lists its own spend; raising the budget lets the next turn start.
        var tabs = await bed.Grove.OkAsync("tabs");
        Assert.Contains("COST", tabs);
        Assert.Contains("0 running, 0 waiting", tabs);
        await bed.Grove.OkAsync("budget", "set", "--workspace", "agent", "5");
        bed.Api.Enqueue(FakeResponse.Text("Pears are green."));
        Assert.Contains("Pears are green.", await bed.Grove.OkAsync("run", "agent", "And pears?"));
    }

    [Fact]
    public async Task Budget_set_needs_exactly_one_target_and_zero_or_clear_removes_it()
    {
        using var grove = new CliRunner();
        Assert.Equal(ExitCodes.InvalidInput, (await grove.RunAsync("budget", "set", "5")).ExitCode);
        Assert.Equal(ExitCodes.InvalidInput, (await grove.RunAsync("budget", "set", "--daily", "lots")).ExitCode);

        Assert.Contains("Budget for today: $20.00", await grove.OkAsync("budget", "set", "--daily", "20"));
        Assert.Contains("today   $0.00  $20.00", await grove.OkAsync("budget", "show"));
        Assert.Contains("Budget removed.", await grove.OkAsync("budget", "set", "--daily", "0"));
        Assert.Equal(0, (await grove.JsonAsync("budget", "show")).GetProperty("budgets").GetArrayLength());
        await grove.OkAsync("budget", "set", "--daily", "3");
        Assert.Contains("Budget removed.", await grove.OkAsync("budget", "set", "--daily", "--clear"));
    }

    [Fact]
    public async Task Status_shows_running_and_waiting_counts_and_the_limits()
    {
        using var grove = new CliRunner();
        await grove.OkAsync("config", "set", "agents.max_running", "3");
        await grove.OkAsync("config", "set", "agents.max_running_per_project", "2");

        var text = await grove.OkAsync("status");
        Assert.Contains("0 running, 0 waiting (at most 3 at once, at most 2 per project).", text);
        Assert.Contains("Spent today $0.00.", text);

        var json = await grove.JsonAsync("status");
        var admission = json.GetProperty("admission");
        Assert.Equal(3, admission.GetProperty("maxRunning").GetInt32());
        Assert.Equal(JsonValueKind.Array, admission.GetProperty("workspaces").ValueKind);
    }
}
