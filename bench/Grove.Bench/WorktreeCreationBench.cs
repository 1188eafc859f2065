using Grove.Core.Paths;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>Workspace creation (Grove, full flow) vs raw <c>git worktree add -b</c>, same repo.</summary>
internal static class WorktreeCreationBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine($"\n## Workspace creation vs raw 'git worktree add -b' ({options.Files} files, {options.Runs} runs each, median)");
        using var repo = BenchRepo.Generate(options.Files);
        using var home = new TempDirectory("grove-bench-home");
        await using var app = await GroveApp.StartAsync(new GrovePaths(home.Path));
        var project = await app.Get<IProjectService>().AddAsync(repo.Path);
        var workspaces = app.Get<IWorkspaceService>();
        var rawRoot = repo.Scratch("raw");

        // Warm the page cache and git's object access once.
        repo.Git("worktree", "add", "-q", "-b", "warm", Path.Combine(rawRoot, "warm"), "main");

        var raw = new List<TimeSpan>();
        var grove = new List<TimeSpan>();
        for (var i = 0; i < options.Runs; i++)
        {
            raw.Add(BenchRepo.Time(() => repo.Git("worktree", "add", "-q", "-b", $"raw-{i}", Path.Combine(rawRoot, $"raw-{i}"), "main")));
            grove.Add(await BenchRepo.TimeAsync(() => workspaces.CreateAsync(new CreateWorkspaceRequest { Project = project.Name, Name = $"grove-{i}" })));
        }

        var rawMs = BenchRepo.Median(raw);
        var groveMs = BenchRepo.Median(grove);
        Console.WriteLine($"raw git worktree add : {rawMs,8:0.0} ms");
        Console.WriteLine($"grove ws new         : {groveMs,8:0.0} ms");
        Console.WriteLine($"ratio grove/raw      : {groveMs / rawMs,8:0.000}  (target <= 1.05)");
    }
}
