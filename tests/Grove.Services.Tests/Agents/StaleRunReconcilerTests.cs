using System.Diagnostics;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Services.Hosting;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

public sealed class StaleRunReconcilerTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    [Fact]
    public async Task StartUp_MarksTabsOfDeadGroveProcessesInterrupted_AndLeavesTabsOfLiveOnesRunning()
    {
        using var repo = TestRepository.Create();
        await using var first = await TestApp.StartAsync();
        var tabs = first.App.Get<IAgentTabs>();
        var project = await first.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await first.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ws" }, cancellationToken: Ct)).Workspace;
        var crashed = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "crashed" }, Ct);
        var reused = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "reused" }, Ct);
        var live = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "live" }, Ct);
        var idle = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "idle" }, Ct);

        // "live" is owned by a process that still runs (a server beside this command); "reused" names
        // a live pid whose start time differs (the pid was reused); "crashed" names no live process.
        using var server = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        try
        {
            await tabs.UpdateAsync(crashed.Id, t => t with { Status = AgentTabStatus.NeedsInput, RunOwner = "2147483646:1" }, Ct);
            await tabs.UpdateAsync(reused.Id, t => t with { Status = AgentTabStatus.Running, RunOwner = $"{server.Id}:1" }, Ct);
            await tabs.UpdateAsync(live.Id, t => t with { Status = AgentTabStatus.Running, RunOwner = RunOwner.Of(server.Id) }, Ct);

            // Another Grove command opening the same database, as after a crash.
            await using var second = await GroveApp.StartAsync(first.Paths, cancellationToken: Ct);
            var after = second.Get<IAgentTabs>();

            Assert.Equal(AgentTabStatus.Interrupted, (await after.ResolveAsync(crashed.Id, Ct)).Status);
            Assert.Equal(AgentTabStatus.Interrupted, (await after.ResolveAsync(reused.Id, Ct)).Status);
            Assert.Equal(AgentTabStatus.Running, (await after.ResolveAsync(live.Id, Ct)).Status);
            Assert.Equal(AgentTabStatus.Idle, (await after.ResolveAsync(idle.Id, Ct)).Status);
            var notice = Assert.Single(await second.Get<ITranscripts>().ReadAsync(crashed.Id, cancellationToken: Ct));
            Assert.Equal(AgentEventKinds.Error, notice.Kind);
            Assert.Contains("Grove stopped while this tab was running", notice.Text);
        }
        finally
        {
            server.Kill();
        }
    }

    [Fact]
    public async Task ARunningTurn_RecordsThisProcessAsItsOwner_AndClearsItWhenTheTurnEnds()
    {
        await using var bed = await AgentBed.StartAsync();
        var gate = new FakeGate();
        bed.Api.Enqueue(FakeResponse.Hang(gate, "done"));

        await bed.Runs.SendAsync(bed.Tab.Id, "Go", AgentBed.Ct);
        await gate.Reached.WaitAsync(AgentBed.Ct);
        var running = await bed.ReloadTabAsync();
        gate.Release();
        await bed.WaitForResultAsync();
        await bed.WaitForAsync(e => e.Kind == TabEventHub.StatusKind && e.PayloadJson.Contains("idle", StringComparison.Ordinal));

        Assert.Equal(AgentTabStatus.Running, running.Status);
        Assert.Equal(RunOwner.Of(Environment.ProcessId), running.RunOwner);
        Assert.True(RunOwner.IsAlive(running.RunOwner));
        Assert.Null((await bed.ReloadTabAsync()).RunOwner);
    }
}
