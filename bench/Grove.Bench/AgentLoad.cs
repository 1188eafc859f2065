using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Grove.Core.Agents;
using Grove.Core.Paths;
using Grove.Services.Agents;
using Grove.Services;
using Grove.Services.Hosting;
using Grove.Services.Projects;
using Grove.Services.Settings;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Testing.Web;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace Grove.Bench;

/// <summary>
/// The real <c>grove serve</c> (Release build) on a temp data folder and repository, its agent
/// program pointed at the fake agent, with <c>tabs</c> tabs spread over workspaces. Each message
/// makes a tab's fake agent stream <c>tick #1</c>…<c>tick #N</c> (one assistant message each, at a
/// steady rate) and end the turn; the numbers are the sequence the checks look for in the
/// database and in a page.
/// </summary>
internal sealed partial class AgentLoad : IAsyncDisposable
{
    private readonly TempDirectory _scripts;
    private readonly TestRepository _repo;

    private AgentLoad(GroveBed bed, TempDirectory scripts, TestRepository repo, List<(string Workspace, string Tab)> tabs, int eventsPerTab)
    {
        Bed = bed;
        _scripts = scripts;
        _repo = repo;
        ReportPath = Path.Combine(scripts.Path, "memory-report.txt");
        Tabs = tabs;
        EventsPerTab = eventsPerTab;
        Probe = new ServerProbe(bed.Server.ProcessId);
    }

    public GroveBed Bed { get; }

    public ServerProbe Probe { get; }

    public IReadOnlyList<(string Workspace, string Tab)> Tabs { get; }

    public IReadOnlyList<string> Workspaces => [.. Tabs.Select(t => t.Workspace).Distinct()];

    public int EventsPerTab { get; }

    /// <summary>The server's GROVE_DEBUG_MEMORY report (a line every 5 s: GC, JIT, thread pool).</summary>
    public string ReportPath { get; }

    /// <summary>The report's newest line: the GC's and the JIT's counts so far.</summary>
    public string LastReport() => File.Exists(ReportPath) ? File.ReadLines(ReportPath).LastOrDefault() ?? "(empty)" : "(no report)";

    /// <param name="grove">The grove build to serve from (<see cref="BenchOptions.Grove"/>).</param>
    public static async Task<AgentLoad> StartAsync(int tabCount, int workspaceCount, int eventsPerTab, double perSecond, string grove)
    {
        var fakeAgent = FakeAgentPath();
        var scripts = new TempDirectory("grove-bench-agents");
        await UseGroveAsync(grove, scripts.Path);
        var script = Path.Combine(scripts.Path, "ticks.json");
        await File.WriteAllTextAsync(script, JsonSerializer.Serialize(new object[]
        {
            new { op = "wait_user" },
            new { op = "stream", count = eventsPerTab, per_second = perSecond, prefix = "tick #" },
            new { op = "print", line = """{"type":"result","subtype":"success","is_error":false,"duration_ms":1,"num_turns":1,"result":"done","session_id":"fake-stream-session","total_cost_usd":0,"usage":{"input_tokens":1,"output_tokens":1},"permission_denials":[]}""" },
        }));

        var environment = new Dictionary<string, string> { ["FAKE_AGENT_SCRIPT"] = script, ["GROVE_DEBUG_MEMORY"] = Path.Combine(scripts.Path, "memory-report.txt") };
        // Runtime experiments: DOTNET_* (GC, JIT) and MALLOC_* (glibc) variables of the bench reach the server.
        foreach (System.Collections.DictionaryEntry variable in Environment.GetEnvironmentVariables())
        {
            if (variable.Key is string name && RuntimeKnobPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                environment[name] = (string)variable.Value!;
                Console.WriteLine($"  server gets {name}={variable.Value}");
            }
            else if (variable.Key is string prefixed && prefixed.StartsWith(ServerOnlyPrefix, StringComparison.Ordinal) && prefixed.Length > ServerOnlyPrefix.Length)
            {
                // GROVE_BENCH_SERVER_DOTNET_JitStdOutFile=... reaches the server alone (not the bench, not the agents' parent).
                environment[prefixed[ServerOnlyPrefix.Length..]] = (string)variable.Value!;
                Console.WriteLine($"  server gets {prefixed[ServerOnlyPrefix.Length..]}={variable.Value}");
            }
        }

        var tabs = new List<(string, string)>();
        // The repository lives as long as the load: its worktrees' git data is in it.
        var repo = TestRepository.Create();
        var bed = await GroveBed.StartAsync(
            agentPath: fakeAgent,
            extraEnvironment: environment,
            seed: async home => tabs = await SeedAsync(home, repo, tabCount, workspaceCount));
        return new AgentLoad(bed, scripts, repo, tabs, eventsPerTab);
    }

    /// <summary>A signed-in page on a workspace's view (its first tab), interactive.</summary>
    public async Task<IPage> OpenPageAsync(string workspace)
    {
        var tab = Tabs.First(t => t.Workspace == workspace).Tab;
        try
        {
            return await Bed.SignedInPageAsync($"/w/{workspace}/t/{tab}");
        }
        catch (TimeoutException)
        {
            // A loaded machine (other builds, the agents' own start) can miss Playwright's 30 s once: try again.
            Console.WriteLine($"  (opening a page on {workspace} timed out; trying again)");
            return await Bed.SignedInPageAsync($"/w/{workspace}/t/{tab}");
        }
    }

    /// <summary>Sends one message to every tab through the HTTP API, as <c>grove send</c> does.</summary>
    public async Task SendAllAsync()
    {
        using var http = new HttpClient { BaseAddress = Bed.Server.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Bed.Server.Token);
        http.DefaultRequestHeaders.Add("Origin", Bed.Server.BaseUrl.GetLeftPart(UriPartial.Authority));
        foreach (var (_, tab) in Tabs)
        {
            using var response = await http.PostAsync($"api/tabs/{tab}/messages", JsonContent.Create(new { text = "tick please" }));
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Waits until every tab's turn has ended (a result event stored); false on timeout.</summary>
    public async Task<bool> WaitTurnsEndedAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            await using var connection = await OpenDatabaseAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(DISTINCT tab_id) FROM transcript_events WHERE kind = $kind";
            command.Parameters.AddWithValue("$kind", AgentEventKinds.Result);
            if (Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) >= Tabs.Count)
            {
                return true;
            }

            await Task.Delay(500);
        }

        return false;
    }

    /// <summary>How many ticks (the fake agents' text events) the server has stored so far, over all tabs.</summary>
    public async Task<long> StoredTicksAsync()
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM transcript_events WHERE kind = $kind";
        command.Parameters.AddWithValue("$kind", AgentEventKinds.Text);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Per tab, in the stored order (seq): every tick once, 1…N in order. Lost = missing ticks, reordered = ticks not one more than the one before.</summary>
    public async Task<(int Lost, int Reordered, int Stored)> CheckDatabaseAsync()
    {
        var byTab = Tabs.ToDictionary(t => t.Tab, _ => new List<int>(), StringComparer.Ordinal);
        await using (var connection = await OpenDatabaseAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT tab_id, payload FROM transcript_events WHERE kind = $kind ORDER BY tab_id, seq";
            command.Parameters.AddWithValue("$kind", AgentEventKinds.Text);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                if (byTab.TryGetValue(reader.GetString(0), out var ticks) && Tick().Match(reader.GetString(1)) is { Success: true } match)
                {
                    ticks.Add(int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture));
                }
            }
        }

        var lost = 0;
        var reordered = 0;
        var stored = 0;
        foreach (var ticks in byTab.Values)
        {
            stored += ticks.Count;
            lost += EventsPerTab - ticks.Distinct().Count(n => n >= 1 && n <= EventsPerTab);
            reordered += ticks.Zip(ticks.Skip(1)).Count(p => p.Second != p.First + 1);
        }

        return (lost, reordered, stored);
    }

    /// <summary>The ticks a page shows (its transcript keeps a window of the newest), after waiting for the last one.</summary>
    public async Task<int[]> PageTicksAsync(IPage page)
    {
        await page.GetByText($"tick #{EventsPerTab}", new PageGetByTextOptions { Exact = true }).First.WaitForAsync(new LocatorWaitForOptions { Timeout = 120_000 });
        var texts = await page.EvaluateAsync<string[]>("() => [...document.querySelectorAll('[data-seq]')].map(e => e.innerText.trim()).filter(t => /^tick #\\d+$/.test(t))");
        return [.. texts.Select(t => int.Parse(t["tick #".Length..], CultureInfo.InvariantCulture))];
    }

    private async Task<SqliteConnection> OpenDatabaseAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = new GrovePaths(Bed.DataFolder).DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<List<(string Workspace, string Tab)>> SeedAsync(string home, TestRepository repo, int tabCount, int workspaceCount)
    {
        await using var app = await GroveApp.StartAsync(new GrovePaths(home));
        // Every tab may run at once: this measures the server, not the admission cap.
        await app.Get<ISettingsService>().SetAsync(SettingKeys.MaxRunning, tabCount.ToString(CultureInfo.InvariantCulture));
        var project = await app.Get<IProjectService>().AddAsync(repo.Path, "load");
        var workspaces = new List<string>();
        for (var w = 0; w < workspaceCount; w++)
        {
            workspaces.Add((await app.Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = $"load-{w}", NoFetch = true, NoSetup = true })).Workspace.Id);
        }

        var result = new List<(string, string)>();
        for (var t = 0; t < tabCount; t++)
        {
            var workspace = workspaces[t % workspaceCount];
            var tab = await app.Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace, Name = $"tab-{t}" });
            result.Add((workspace, tab.Id));
        }

        return result;
    }

    /// <summary>
    /// Points <see cref="GroveProcess"/> at the grove to measure: the packed tool installed under
    /// <paramref name="folder"/> (default: what a user runs), the Release build's dll, or a given executable.
    /// </summary>
    private static async Task UseGroveAsync(string grove, string folder)
    {
        GroveProcess.Executable = grove switch
        {
            "dll" => null,
            "tool" => await GroveBuilds.InstallToolAsync(Directory.CreateDirectory(Path.Combine(folder, "grove")).FullName),
            _ => Path.GetFullPath(grove),
        };
        Console.WriteLine($"  grove: {GroveProcess.Executable ?? "dotnet " + GroveProcess.CliDll}");
    }

    internal static string FakeAgentPath()
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

    internal static string Mb(double bytes) => (bytes / (1024.0 * 1024.0)).ToString("F1", CultureInfo.InvariantCulture);

    private const string ServerOnlyPrefix = "GROVE_BENCH_SERVER_";

    private static readonly string[] RuntimeKnobPrefixes = ["DOTNET_GC", "DOTNET_Tiered", "DOTNET_TC_", "DOTNET_ReadyToRun", "DOTNET_EnableWriteXorExecute", "MALLOC_", "DOTNET_PerfMap", "GROVE_DEBUG"];

    [GeneratedRegex(@"tick #(\d+)\b")]
    private static partial Regex Tick();

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        _scripts.Dispose();
        _repo.Dispose();
    }
}
