using Grove.Core.Paths;
using Grove.Services.Changes;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>Status + diff stats of N workspaces (Grove) vs N sequential <c>git status</c> calls.</summary>
internal static class StatusBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        var files = Math.Min(options.Files, 2_000);
        Console.WriteLine($"\n## Status + diff stats for {options.Workspaces} workspaces vs sequential 'git status' ({files} files each, {options.Runs} runs, median)");
        using var repo = BenchRepo.Generate(files);
        using var home = new TempDirectory("grove-bench-home");
        await using var app = await GroveApp.StartAsync(new GrovePaths(home.Path));
        var project = await app.Get<IProjectService>().AddAsync(repo.Path);
        var workspaceService = app.Get<IWorkspaceService>();
        for (var i = 0; i < options.Workspaces; i++)
        {
            var ws = (await workspaceService.CreateAsync(new CreateWorkspaceRequest { Project = project.Name, Name = $"ws-{i}" })).Workspace;
            File.AppendAllText(Path.Combine(ws.WorktreePath, "README.md"), $"edit {i}\n");
            File.WriteAllText(Path.Combine(ws.WorktreePath, $"new-{i}.txt"), "new\nfile\n");
        }

        var list = await workspaceService.ListAsync();
        var changes = app.Get<IWorkspaceChanges>();
        var sequential = new List<TimeSpan>();
        var cold = new List<TimeSpan>();
        var warm = new List<TimeSpan>();
        for (var run = 0; run < options.Runs + 1; run++)
        {
            // Every workspace changes before each measured pass, so nothing can be served from a cache.
            Touch(list, run, "a");
            var s = BenchRepo.Time(() =>
            {
                foreach (var ws in list)
                {
                    TestGit.Run(ws.WorktreePath, "status");
                }
            });
            Touch(list, run, "b");
            var c = await BenchRepo.TimeAsync(() => changes.GetSummariesAsync(list));
            var w = await BenchRepo.TimeAsync(() => changes.GetSummariesAsync(list));
            if (run > 0)
            {
                sequential.Add(s);
                cold.Add(c);
                warm.Add(w);
            }
        }

        var seqMs = BenchRepo.Median(sequential);
        var coldMs = BenchRepo.Median(cold);
        var warmMs = BenchRepo.Median(warm);
        Console.WriteLine($"sequential git status              : {seqMs,8:0.0} ms");
        Console.WriteLine($"grove status + diff, all changed   : {coldMs,8:0.0} ms   ratio {coldMs / seqMs:0.000}  (target <= 0.5)");
        Console.WriteLine($"grove status + diff, none changed  : {warmMs,8:0.0} ms   ratio {warmMs / seqMs:0.000}");
    }

    private static void Touch(IReadOnlyList<Grove.Core.Domain.Workspace> list, int run, string tag)
    {
        foreach (var ws in list)
        {
            File.AppendAllText(Path.Combine(ws.WorktreePath, "README.md"), $"run {run}{tag}\n");
        }
    }
}
