using System.Diagnostics;
using Grove.Core.Budgets;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Grove.Services.Admission;
using Grove.Services.Budgets;
using Grove.Services.Hosting;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>
/// What the gate adds to starting a turn: the budget check (three budgets over 10k stored turn costs),
/// the turn's own cost at its result, and a slot taken and given back (settings read + memory reading),
/// against the tab read every turn already does. Real services on a real SQLite file.
/// </summary>
internal static class AdmissionBench
{
    private const int Costs = 10_000;

    public static async Task RunAsync(BenchOptions options)
    {
        var runs = Math.Max(200, options.Runs * 100);
        Console.WriteLine($"\n## Admission: what the gate adds per turn ({Costs} stored turn costs, 3 budgets), {runs} runs, median µs");
        using var home = new TempDirectory("grove-bench-admission");
        using var repo = TestRepository.Create();
        await using var app = await GroveApp.StartAsync(new GrovePaths(home.Path));
        var project = await app.Get<Grove.Services.Projects.IProjectService>().AddAsync(repo.Path);
        var workspace = (await app.Get<Grove.Services.Workspaces.IWorkspaceService>().CreateAsync(new() { Project = project.Name, Name = "bench" })).Workspace;
        var tab = await app.Get<Grove.Services.Agents.IAgentTabs>().CreateAsync(new Grove.Services.Agents.CreateTabRequest { Workspace = workspace.Id });
        var costs = app.Get<ITurnCostStore>();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < Costs; i++)
        {
            await costs.AddAsync(new TurnCost(tab.Id, workspace.Id, project.Id, 0.001m, now.AddSeconds(-i)) { SessionId = "s", ReportedTotalUsd = 0.001m * (i + 1) });
        }

        var budgets = app.Get<BudgetService>();
        await budgets.SetAsync(BudgetScope.Workspace, workspace.Name, 1_000m);
        await budgets.SetAsync(BudgetScope.Project, project.Name, 1_000m);
        await budgets.SetAsync(BudgetScope.Daily, null, 1_000m);
        var gate = app.Get<TurnGate>();
        var tabs = app.Get<IAgentTabStore>();
        var result = new Grove.Core.Agents.ResultEvent("s", false) { CostUsd = 11m };

        var baseline = await MeasureAsync(runs, () => tabs.GetAsync(tab.Id));
        var check = await MeasureAsync(runs, () => budgets.EnsureCanStartAsync(workspace, CancellationToken.None));
        var own = await MeasureAsync(runs, () => budgets.OwnCostAsync(tab.Id, result, CancellationToken.None));
        var slot = await MeasureAsync(runs, async () =>
        {
            await gate.EnterAsync(tab.Id, project.Id, () => Task.CompletedTask, CancellationToken.None);
            gate.Leave(tab.Id);
        });

        Console.WriteLine($"tab read (baseline, every turn does it) {baseline:0} µs");
        Console.WriteLine($"budget check {check:0} µs ({check / baseline:0.0}x)  own cost at result {own:0} µs ({own / baseline:0.0}x)  slot enter+leave {slot:0} µs ({slot / baseline:0.0}x)");
        Console.WriteLine($"gate total per turn {check + own + slot:0} µs, against a claude process start of ~1 s");
    }

    private static async Task<double> MeasureAsync(int runs, Func<Task> action)
    {
        for (var i = 0; i < 20; i++)
        {
            await action();
        }

        var micros = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var t = Stopwatch.GetTimestamp();
            await action();
            micros.Add(Stopwatch.GetElapsedTime(t).TotalMicroseconds);
        }

        micros.Sort();
        return micros[micros.Count / 2];
    }
}
