using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Paths;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Testing.Web;
using Microsoft.Playwright;

namespace Grove.Bench;

/// <summary>
/// The UI benchmarks of the web app issue, against a real <c>grove serve</c> process and Chromium:
/// <list type="bullet">
/// <item>time to the first rendered message when opening a tab with 10k transcript events
/// (target &lt; 300 ms), next to a 10-event tab;</item>
/// <item>the server's working set idle, and while 20 tabs stream from fake agents at 100 events/s
/// each (targets &lt; 80 MB and &lt; 150 MB), checking that every browser page got every event in order.</item>
/// </list>
/// </summary>
internal static class UiBench
{
    public static async Task RunAsync(BenchOptions options)
    {
        if (Environment.GetEnvironmentVariable("GROVE_BENCH_UI") is not "memory")
        {
            await FirstRenderAsync(options);
        }

        if (Environment.GetEnvironmentVariable("GROVE_BENCH_UI") is not "render")
        {
            await MemoryAsync(options);
        }
    }

    private static async Task FirstRenderAsync(BenchOptions options)
    {
        Console.WriteLine();
        Console.WriteLine("UI: open a tab, time to first rendered message (Chromium, real grove serve)");
        (string Workspace, string Big, string Small) ids = default;
        await using var bed = await GroveBed.StartAsync(seed: async home => ids = await SeedTranscriptsAsync(home, 10_000));
        var page = await bed.SignedInPageAsync();
        var big = new List<double>();
        var small = new List<double>();
        for (var run = 0; run < Math.Max(3, options.Runs); run++)
        {
            small.Add(await TimeFirstMessageAsync(page, bed, $"/w/{ids.Workspace}/t/{ids.Small}"));
            big.Add(await TimeFirstMessageAsync(page, bed, $"/w/{ids.Workspace}/t/{ids.Big}"));
        }

        var bigMedian = BenchStats.Median(big);
        var smallMedian = BenchStats.Median(small);
        Console.WriteLine($"  10-event tab:  median {smallMedian,7:F0} ms  (runs: {string.Join(", ", small.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})");
        Console.WriteLine($"  10k-event tab: median {bigMedian,7:F0} ms  (runs: {string.Join(", ", big.Select(v => v.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))})  target < 300 ms");
        Console.WriteLine($"  ratio 10k / 10 events: {bigMedian / smallMedian:F2}");
        var rendered = await page.Locator("[data-seq]").CountAsync();
        Console.WriteLine($"  items in the DOM after opening the 10k tab: {rendered}");
    }

    /// <summary>Full page load of the tab's URL; milliseconds from navigation start to the first message in the DOM.</summary>
    private static async Task<double> TimeFirstMessageAsync(IPage page, GroveBed bed, string path)
    {
        await page.GotoAsync(new Uri(bed.Server.BaseUrl, path).ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForSelectorAsync("[data-seq]", new PageWaitForSelectorOptions { State = WaitForSelectorState.Visible, Timeout = 60_000 });
        var elapsed = await page.EvaluateAsync<double>("() => performance.now()");
        await GroveBed.WaitInteractiveAsync(page);
        return elapsed;
    }

    private static async Task<(string Workspace, string Big, string Small)> SeedTranscriptsAsync(string home, int events)
    {
        using var repo = TestRepository.Create();
        await using var app = await GroveApp.StartAsync(new GrovePaths(home));
        var project = await app.Get<IProjectService>().AddAsync(repo.Path, "bench");
        var workspace = (await app.Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "big", NoFetch = true, NoSetup = true })).Workspace;
        var tabs = app.Get<IAgentTabs>();
        var big = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "big" });
        var small = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "small" });
        var store = app.Get<ITranscriptStore>();
        await store.AppendManyAsync(Conversation(big.Id, events));
        await store.AppendManyAsync(Conversation(small.Id, 10));
        // The repository is deleted with `repo`; the workspace's worktree stays for the server.
        return (workspace.Id, big.Id, small.Id);
    }

    /// <summary>A realistic mix: prompt, thinking, text, a tool call and its result, a reply, a result.</summary>
    internal static List<TranscriptEvent> Conversation(string tabId, int count)
    {
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var list = new List<TranscriptEvent>(count);
        for (var i = 0; list.Count < count; i++)
        {
            var toolId = $"toolu_{i:D6}";
            AgentEvent[] turn =
            [
                new UserEvent($"Step {i}: please update `src/file{i}.cs` and explain the change."),
                new ThinkingEvent($"msg_{i}", "Let me look at the file first."),
                new TextEvent($"msg_{i}", $"I'll read **file{i}.cs** and then edit it.\n\n```csharp\nvar x = {i};\n```"),
                new ToolUseEvent($"msg_{i}", toolId, "Bash", JsonSerializer.SerializeToElement(new { command = $"grep -n Foo src/file{i}.cs" })),
                new ToolResultEvent(toolId, $"12: class Foo{i} {{ }}"),
                new TextEvent($"msg_{i}b", $"Done: renamed `Foo{i}`."),
                new ResultEvent($"session-{i}", false) { CostUsd = 0.01m, InputTokens = 1200, OutputTokens = 300, DurationMs = 4200, NumTurns = 2 },
            ];
            foreach (var e in turn)
            {
                if (list.Count < count)
                {
                    list.Add(e.ToTranscriptEvent(tabId, at = at.AddMilliseconds(10)));
                }
            }
        }

        return list;
    }

    private static async Task MemoryAsync(BenchOptions options)
    {
        const int tabCount = 20;
        const int perSecond = 100;
        const int eventsPerTab = 1000;
        Console.WriteLine();
        Console.WriteLine($"UI: server working set, idle and with {tabCount} tabs streaming {perSecond} events/s each ({eventsPerTab} events per tab)");
        var fakeAgent = FakeAgentPath();
        using var scripts = new TempDirectory("grove-bench-agent");
        var script = Path.Combine(scripts.Path, "stream.json");
        await File.WriteAllTextAsync(script, JsonSerializer.Serialize(new object[]
        {
            new { op = "wait_user" },
            new { op = "stream", count = eventsPerTab, per_second = perSecond, prefix = "event " },
            new { op = "print", line = """{"type":"result","subtype":"success","is_error":false,"duration_ms":1,"num_turns":1,"result":"done","session_id":"fake-stream-session","total_cost_usd":0,"usage":{"input_tokens":1,"output_tokens":1},"permission_denials":[]}""" },
        }));

        var tabIds = new List<(string Workspace, string Tab)>();
        var serverEnvironment = new Dictionary<string, string> { ["FAKE_AGENT_SCRIPT"] = script };
        // Runtime experiments: DOTNET_* (GC, JIT) and MALLOC_* (glibc) variables of the bench reach the server.
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && RuntimeKnobPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                serverEnvironment[name] = (string)variable.Value!;
                Console.WriteLine($"  server gets {name}={variable.Value}");
            }
        }

        await using var bed = await GroveBed.StartAsync(
            agentPath: fakeAgent,
            extraEnvironment: serverEnvironment,
            seed: async home => tabIds = await SeedTabsAsync(home, tabCount));

        await Task.Delay(TimeSpan.FromSeconds(5));
        var idle = bed.Server.WorkingSet;
        Console.WriteLine($"  idle (no browser):        {Mb(idle),6:F1} MB   target < 80 MB   {Breakdown(bed)}");
        await BenchPause.AtAsync(bed.Server.ProcessId, "idle, no browser");
        var page = await bed.SignedInPageAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var idleWithPage = bed.Server.WorkingSet;
        Console.WriteLine($"  idle (one page open):     {Mb(idleWithPage),6:F1} MB   {Breakdown(bed)}");

        var pages = new List<IPage>();
        foreach (var (workspace, tab) in tabIds)
        {
            var tabPage = await bed.Browser.NewPageAsync();
            await tabPage.GotoAsync(bed.Server.LoginUrl.ToString());
            await tabPage.GotoAsync(new Uri(bed.Server.BaseUrl, $"/w/{workspace}/t/{tab}").ToString());
            await GroveBed.WaitInteractiveAsync(tabPage);
            pages.Add(tabPage);
        }

        Console.WriteLine($"  {tabCount} pages open, idle:     {Mb(bed.Server.WorkingSet),6:F1} MB   {Breakdown(bed)}");
        await BenchPause.AtAsync(bed.Server.ProcessId, "20 pages open, idle");
        using var http = new HttpClient { BaseAddress = bed.Server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bed.Server.Token);
        http.DefaultRequestHeaders.Add("Origin", bed.Server.BaseUrl.GetLeftPart(UriPartial.Authority));
        var peak = 0L;
        var samples = new List<long>();
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var ws = bed.Server.WorkingSet;
                samples.Add(ws);
                peak = Math.Max(peak, ws);
                await Task.Delay(250);
            }
        });

        var clock = Stopwatch.StartNew();
        foreach (var (_, tab) in tabIds)
        {
            using var response = await http.PostAsync($"api/tabs/{tab}/messages", JsonContent.Create(new { text = "stream please" }));
            response.EnsureSuccessStatusCode();
        }

        // Wait until every page shows the last event of its tab.
        var last = $"event {eventsPerTab}";
        foreach (var tabPage in pages)
        {
            await tabPage.GetByText(last, new PageGetByTextOptions { Exact = true }).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 180_000 });
        }

        var streamed = clock.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        Console.WriteLine($"  streaming: peak {Mb(peak),6:F1} MB, median {Mb((long)BenchStats.Median(samples.Select(s => (double)s))),6:F1} MB   target < 150 MB  ({tabCount * eventsPerTab} events in {streamed.TotalSeconds:F1} s)");
        Console.WriteLine($"  after streaming:          {Mb(bed.Server.WorkingSet),6:F1} MB   {Breakdown(bed)}");
        await BenchPause.AtAsync(bed.Server.ProcessId, "after streaming, 20 pages open");

        // Every page has its tab's events in order, none missing among those rendered.
        var problems = 0;
        var minimumRendered = int.MaxValue;
        foreach (var tabPage in pages)
        {
            var texts = await tabPage.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-seq]')].map(e => e.innerText.trim()).filter(t => /^event \\d+$/.test(t))");
            var numbers = texts.Select(t => int.Parse(t["event ".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
            minimumRendered = Math.Min(minimumRendered, numbers.Length);
            if (numbers.Length == 0 || numbers[^1] != eventsPerTab || numbers.Zip(numbers.Skip(1)).Any(p => p.Second != p.First + 1))
            {
                problems++;
            }
        }

        Console.WriteLine(problems == 0
            ? $"  browser: every page shows its events in order with none missing (at least {minimumRendered} rendered per page)"
            : $"  browser: {problems} of {pages.Count} pages lost or reordered events");
        // The server gives memory back once a burst is over (IdleMemoryTrimmer): what stays while the pages sit open.
        await Task.Delay(TimeSpan.FromSeconds(25));
        Console.WriteLine($"  {tabCount} pages open, idle again: {Mb(bed.Server.WorkingSet),6:F1} MB   {Breakdown(bed)}");
        var (_, count) = await bed.GroveAsync("log", tabIds[0].Tab, "--json");
        Console.WriteLine($"  stored transcript of tab 1: {count.Split('\n').Count(l => l.Contains("event ", StringComparison.Ordinal))} lines mention an event");
    }

    private static readonly string[] RuntimeKnobPrefixes = ["DOTNET_GC", "DOTNET_Tiered", "DOTNET_TC_", "DOTNET_ReadyToRun", "DOTNET_EnableWriteXorExecute", "MALLOC_"];

    private static async Task<List<(string Workspace, string Tab)>> SeedTabsAsync(string home, int count)
    {
        using var repo = TestRepository.Create();
        await using var app = await GroveApp.StartAsync(new GrovePaths(home));
        var project = await app.Get<IProjectService>().AddAsync(repo.Path, "load");
        var result = new List<(string, string)>();
        for (var w = 0; w < count / 5; w++)
        {
            var workspace = (await app.Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = $"load-{w}", NoFetch = true, NoSetup = true })).Workspace;
            for (var t = 0; t < 5; t++)
            {
                var tab = await app.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = $"tab-{t}", PermissionMode = PermissionMode.Ask });
                result.Add((workspace.Id, tab.Id));
            }
        }

        return result;
    }

    private static string FakeAgentPath()
    {
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(Browser.RepositoryRoot(), "tests", "Grove.FakeAgent", "bin", configuration, "net10.0", "Grove.FakeAgent");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new InvalidOperationException("Build tests/Grove.FakeAgent first (dotnet build -c Release tests/Grove.FakeAgent).");
    }

    /// <summary>Where the server's resident memory is (Linux): anonymous (heaps), file-mapped (runtime and assemblies), shared (the JIT's double-mapped code).</summary>
    private static string Breakdown(GroveBed bed)
    {
        var status = $"/proc/{bed.Server.ProcessId}/status";
        if (!File.Exists(status))
        {
            return string.Empty;
        }

        var fields = File.ReadAllLines(status)
            .Select(line => line.Split(':', 2))
            .Where(parts => parts.Length == 2 && parts[0].StartsWith("Rss", StringComparison.Ordinal))
            .ToDictionary(parts => parts[0], parts => long.Parse(parts[1].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0);
        return $"(anon {fields.GetValueOrDefault("RssAnon"):F0}, file {fields.GetValueOrDefault("RssFile"):F0}, shmem {fields.GetValueOrDefault("RssShmem"):F0})";
    }

    private static double Mb(long bytes) => bytes / (1024.0 * 1024.0);
}
