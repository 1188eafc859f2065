using System.Globalization;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Workspaces;
using Grove.Services.Runs;
using Grove.Services.Workspaces;
using Grove.Testing;

namespace Grove.Services.Tests.Runs;

public sealed class WorkspaceRunTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Stop_EndsTheWholeProcessTree_ChildAndGrandchild()
    {
        await using var bed = await RunBed.StartAsync("""
            { "run": "sh -c 'sleep 300 & echo $! > grandchild.pid; wait' & echo $! > child.pid; while [ ! -s grandchild.pid ]; do sleep 0.05; done; echo ready; wait" }
            """);

        await bed.Runs.StartAsync(bed.Workspace.Id, Ct);
        await bed.WaitForLineAsync("ready");
        var child = ReadPid(bed, "child.pid");
        var grandchild = ReadPid(bed, "grandchild.pid");
        Assert.True(IsAlive(child) && IsAlive(grandchild));

        var state = await bed.Runs.StopAsync(bed.Workspace.Id, Ct);

        Assert.Equal(RunStatus.Stopped, state.Status);
        Assert.False(IsAlive(child), "the run's child survived Stop");
        Assert.False(IsAlive(grandchild), "the run's grandchild survived Stop");
    }

    [Fact]
    public async Task ThePortTheAppListensOn_IsDetected_AndShownAsALink()
    {
        await using var bed = await RunBed.StartAsync("""
            { "run": "exec python3 -m http.server $GROVE_PORT --bind 127.0.0.1" }
            """);

        var started = await bed.Runs.StartAsync(bed.Workspace.Id, Ct);
        var port = started.Range!.First;
        WorkspaceRunState? seen = null;
        await foreach (var update in bed.Runs.WatchAsync(bed.Workspace.Id, cancellationToken: Ct))
        {
            if (update.State.ListeningPorts.Contains(port))
            {
                seen = update.State;
                break;
            }
        }

        Assert.Equal([$"http://127.0.0.1:{port}"], seen!.Links);
        Assert.Equal([port], (await bed.Runs.GetAsync(bed.Workspace.Id, Ct)).ListeningPorts);
        using var http = new HttpClient();
        Assert.True((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), Ct)).IsSuccessStatusCode);
        await bed.Runs.StopAsync(bed.Workspace.Id, Ct);
    }

    [Fact]
    public async Task ARunThatEnds_ReportsItsExitCode_AndItsOutputStaysReadable()
    {
        await using var bed = await RunBed.StartAsync("""
            { "run": ["echo out $GROVE_WORKSPACE", "echo err >&2", "exit 4"] }
            """);

        await bed.Runs.StartAsync(bed.Workspace.Id, Ct);
        WorkspaceRunState? last = null;
        await foreach (var update in bed.Runs.WatchAsync(bed.Workspace.Id, untilEnded: true, cancellationToken: Ct))
        {
            last = update.State;
        }

        Assert.Equal(RunStatus.Exited, last!.Status);
        Assert.Equal(4, last.ExitCode);
        var lines = await bed.Runs.ReadOutputAsync(bed.Workspace.Id, cancellationToken: Ct);
        Assert.Contains(lines, l => l.Text == "out run" && !l.IsError);
        Assert.Contains(lines, l => l.Text == "err" && l.IsError);
        Assert.Contains(lines, l => l.Text == "[exited with code 4]");

        // Restart starts it again; the earlier output keeps its numbers.
        var firstNumber = lines[0].Number;
        await bed.Runs.RestartAsync(bed.Workspace.Id, Ct);
        await bed.WaitForLineAsync("[exited with code 4]", occurrence: 2);
        Assert.Equal(firstNumber, (await bed.Runs.ReadOutputAsync(bed.Workspace.Id, cancellationToken: Ct))[0].Number);
    }

    [Fact]
    public async Task Archive_StopsTheRun_AndRunsTeardownWithTheSamePorts()
    {
        await using var bed = await RunBed.StartAsync("""
            { "run": "echo started; exec sleep 300", "teardown": "echo \"$GROVE_PORT\" > teardown.txt" }
            """);
        var state = await bed.Runs.StartAsync(bed.Workspace.Id, Ct);
        await bed.WaitForLineAsync("started");
        var pid = state.ProcessId!.Value;

        await bed.App.Workspaces.ArchiveAsync(bed.Workspace.Id, cancellationToken: Ct);

        Assert.False(IsAlive(pid));
        Assert.Equal(state.Range!.First.ToString(CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(bed.Workspace.WorktreePath, "teardown.txt")).Trim());
        var refused = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.StartAsync(bed.Workspace.Id, Ct));
        Assert.Equal(ErrorKind.Conflict, refused.Kind);
    }

    [Fact]
    public async Task NoRunScript_IsAClearError_AndASecondStartIsRefused()
    {
        await using var none = await RunBed.StartAsync("""{ "setup": "true" }""");
        var missing = await Assert.ThrowsAsync<GroveException>(() => none.Runs.StartAsync(none.Workspace.Id, Ct));
        Assert.Equal(ErrorKind.InvalidInput, missing.Kind);
        Assert.Contains("run", missing.Message);

        await using var bed = await RunBed.StartAsync("""{ "run": "exec sleep 300" }""");
        await bed.Runs.StartAsync(bed.Workspace.Id, Ct);
        var twice = await Assert.ThrowsAsync<GroveException>(() => bed.Runs.StartAsync(bed.Workspace.Id, Ct));
        Assert.Equal(ErrorKind.Conflict, twice.Kind);
        await bed.Runs.StopAsync(bed.Workspace.Id, Ct);
    }

    private static int ReadPid(RunBed bed, string file) =>
        int.Parse(File.ReadAllText(Path.Combine(bed.Workspace.WorktreePath, file)).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Alive: /proc has it and it is not a zombie waiting for a parent to reap it.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private sealed class RunBed : IAsyncDisposable
    {
        private readonly TestRepository _repo;

        private RunBed(TestRepository repo, TestApp app, Workspace workspace)
        {
            _repo = repo;
            App = app;
            Workspace = workspace;
        }

        public TestApp App { get; }

        public Workspace Workspace { get; }

        public IWorkspaceRuns Runs => App.App.Get<IWorkspaceRuns>();

        public static async Task<RunBed> StartAsync(string config)
        {
            var repo = TestRepository.Create();
            repo.Commit("scripts", (".grove/worktree.json", config));
            var app = await TestApp.StartAsync();
            var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
            var ws = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "run", NoFetch = true }, cancellationToken: Ct)).Workspace;
            return new RunBed(repo, app, ws);
        }

        public async Task WaitForLineAsync(string text, int occurrence = 1)
        {
            var seen = 0;
            await foreach (var update in Runs.WatchAsync(Workspace.Id, cancellationToken: Ct))
            {
                seen += update.Lines.Count(l => l.Text == text);
                if (seen >= occurrence)
                {
                    return;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Runs.StopAsync(Workspace.Id, CancellationToken.None);
            await App.DisposeAsync();
            _repo.Dispose();
        }
    }
}
