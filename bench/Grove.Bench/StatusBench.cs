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
        var grove = new List<TimeSpan>();
        for (var run = 0; run < options.Runs + 1; run++)
        {
            var s = BenchRepo.Time(() =>
            {
                foreach (var ws in list)
                {
                    TestGit.Run(ws.WorktreePath, "status");
                }
            });
            var g = await BenchRepo.TimeAsync(() => changes.GetSummariesAsync(list));
            if (run > 0)
            {
                sequential.Add(s);
                grove.Add(g);
            }
        }

        var seqMs = BenchRepo.Median(sequential);
        var groveMs = BenchRepo.Median(grove);
        Console.WriteLine($"sequential git status       : {seqMs,8:0.0} ms");
        Console.WriteLine($"grove status + diff summary : {groveMs,8:0.0} ms");
        Console.WriteLine($"ratio grove/sequential      : {groveMs / seqMs,8:0.000}  (target <= 0.5)");
    }
}
