using Grove.Core.Paths;
using Grove.Services.Changes;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Bench;

/// <summary>
/// Status + diff stats of N workspaces (Grove) vs N sequential <c>git status</c> calls: unwatched with
/// every workspace changed (nothing can be reused), then the realistic case: every workspace watched
/// (as the server watches open and busy ones) and a change in a few since the last refresh.
/// </summary>
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
        await WatchedAsync(app, list, changes, options);
    }

    /// <summary>All N watched, K of them changed since the last refresh: only those K are read again.</summary>
    private static async Task WatchedAsync(GroveApp app, IReadOnlyList<Grove.Core.Domain.Workspace> list, IWorkspaceChanges changes, BenchOptions options)
    {
        const int Changed = 3;
        var hub = app.Get<WorkspaceWatchHub>();
        var fired = new System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource>(StringComparer.Ordinal);
        var subscriptions = list.Select(ws => hub.Watch(ws.WorktreePath, change =>
        {
            if (fired.TryGetValue(Path.GetFullPath(change.WorktreePath), out var signal))
            {
                signal.TrySetResult();
            }
        })).ToList();
        var polling = list.Count(ws => hub.GenerationOf(ws.WorktreePath) is null);
        Console.WriteLine($"\n## Status of {list.Count} watched workspaces, {Changed} changed since the last refresh ({options.Runs} runs, median)");
        if (polling > 0)
        {
            Console.WriteLine($"note: {polling} of {list.Count} watchers poll (inotify limit reached): those are read on every refresh");
        }

        await changes.GetSummariesAsync(list); // every watched workspace known once
        var sequential = new List<TimeSpan>();
        var refresh = new List<TimeSpan>();
        for (var run = 0; run < options.Runs + 1; run++)
        {
            var touched = Enumerable.Range(run * Changed, Changed).Select(i => list[i % list.Count]).ToList();
            foreach (var ws in touched)
            {
                fired[Path.GetFullPath(ws.WorktreePath)] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                File.AppendAllText(Path.Combine(ws.WorktreePath, "README.md"), $"watched run {run}\n");
            }

            // The realistic case: the change happened a moment ago and its watcher has seen it.
            await Task.WhenAll(touched.Select(ws => fired[Path.GetFullPath(ws.WorktreePath)].Task)).WaitAsync(TimeSpan.FromSeconds(30));
            var r = await BenchRepo.TimeAsync(() => changes.GetSummariesAsync(list));
            var s = BenchRepo.Time(() =>
            {
                foreach (var ws in list)
                {
                    TestGit.Run(ws.WorktreePath, "status");
                }
            });
            if (run > 0)
            {
                refresh.Add(r);
                sequential.Add(s);
            }
        }

        foreach (var subscription in subscriptions)
        {
            await subscription.DisposeAsync();
        }

        var seqMs = BenchRepo.Median(sequential);
        var refreshMs = BenchRepo.Median(refresh);
        Console.WriteLine($"sequential git status              : {seqMs,8:0.0} ms");
        Console.WriteLine($"grove status + diff of all {list.Count}      : {refreshMs,8:0.0} ms   ratio {refreshMs / seqMs:0.000}  (target <= 0.5)");
    }

    private static void Touch(IReadOnlyList<Grove.Core.Domain.Workspace> list, int run, string tag)
    {
        foreach (var ws in list)
        {
            File.AppendAllText(Path.Combine(ws.WorktreePath, "README.md"), $"run {run}{tag}\n");
        }
    }
}
