using System.Diagnostics;
using Grove.Services.Agents.Usage;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Per-agent CPU and memory: the /proc probe on a real process tree, and the sampler on a real agent.</summary>
public sealed class AgentUsageTests
{
    private const long Allocated = 60_000_000;

    [Fact]
    public async Task TheProbe_SeesTheChildrenOfATree_TheirMemoryAndTheirCpu()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux only; elsewhere the portable probe reads the root alone.");
        using var folder = new TempDirectory("grove-usage");
        var script = Path.Combine(folder.Path, "tree.sh");
        // The root only waits; a forked child holds ~60 MB and burns CPU.
        File.WriteAllText(script, $"child() {{\n  data=$(head -c {Allocated} /dev/zero | tr '\\0' a)\n  echo ready\n  while :; do :; done\n}}\nchild &\nwait\n");
        using var root = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { script }, RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("ready", await root.StandardOutput.ReadLineAsync(AgentBed.Ct));
            var probe = new ProcfsProcessTreeProbe();
            var first = probe.Read([root.Id])[root.Id];
            ProcessTreeSample? later = null;
            Assert.True(
                SpinWait.SpinUntil(() => (later = probe.Read([root.Id])[root.Id]).CpuTime > first.CpuTime, TestTimeouts.Default),
                "The child's CPU time never showed in the tree.");

            Assert.True(first.Processes >= 2, $"Only {first.Processes} process(es) seen.");
            Assert.True(first.ResidentBytes >= Allocated, $"Only {first.ResidentBytes} bytes resident.");
            var rootAlone = Grove.Core.Processes.ProcStat.Read(root.Id)!.Value;
            Assert.True(rootAlone.ResidentPages * Environment.SystemPageSize < Allocated / 2, "The root itself holds the memory; the test would not show the children are counted.");
            Assert.Empty(probe.Read([int.MaxValue - 1]));
        }
        finally
        {
            root.Kill(entireProcessTree: true);
            await root.WaitForExitAsync(AgentBed.Ct);
        }
    }

    [Fact]
    public async Task TheProbe_BetweenScans_ReadsOnlyTheTreesMembers_AndCountsANewChildFromTheNextScan()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "/proc is Linux only.");
        using var folder = new TempDirectory("grove-usage");
        var script = Path.Combine(folder.Path, "grow.sh");
        // One child at first; a second once a line comes on stdin.
        File.WriteAllText(script, "sleep 60 &\necho one\nread line\nsleep 60 &\necho two\nwait\n");
        using var root = Process.Start(new ProcessStartInfo("/bin/sh") { ArgumentList = { script }, RedirectStandardInput = true, RedirectStandardOutput = true })!;
        try
        {
            Assert.Equal("one", await root.StandardOutput.ReadLineAsync(AgentBed.Ct));
            var probe = new ProcfsProcessTreeProbe(fullScanEvery: 3);

            Assert.Equal(2, probe.Read([root.Id])[root.Id].Processes); // a scan of every process
            Assert.True(probe.LastStatReads > 2, $"The first read opened {probe.LastStatReads} stat file(s): it did not scan.");
            Assert.Equal(2, probe.Read([root.Id])[root.Id].Processes);
            Assert.Equal(2, probe.LastStatReads);

            await root.StandardInput.WriteLineAsync("go");
            await root.StandardInput.FlushAsync(AgentBed.Ct);
            Assert.Equal("two", await root.StandardOutput.ReadLineAsync(AgentBed.Ct));
            Assert.Equal(2, probe.Read([root.Id])[root.Id].Processes); // known members only: the new child is not seen yet
            Assert.Equal(2, probe.LastStatReads);

            Assert.Equal(3, probe.Read([root.Id])[root.Id].Processes); // the third read after the first scan scans again
            Assert.Empty(probe.Read([int.MaxValue - 1]));
        }
        finally
        {
            root.Kill(entireProcessTree: true);
            await root.WaitForExitAsync(AgentBed.Ct);
        }
    }

    [Fact]
    public async Task TheSampler_ReportsEachRunningAgent_AndSumsItsWorkspace_AndForgetsAStoppedOne()
    {
        await using var bed = await AgentBed.StartAsync();
        var usage = bed.App.App.Get<IAgentUsage>();
        bed.Api.Enqueue(FakeResponse.Text("Hello."));
        await bed.Runs.SendAsync(bed.Tab.Id, "Say hello", AgentBed.Ct);
        await bed.WaitForResultAsync();

        await usage.SampleAsync(AgentBed.Ct);
        await usage.SampleAsync(AgentBed.Ct);
        var agent = usage.For(bed.Tab.Id);
        var workspace = Assert.Single(usage.ByWorkspace());
        await bed.Runs.StopAsync(bed.Tab.Id, AgentBed.Ct);
        await usage.SampleAsync(AgentBed.Ct);

        Assert.NotNull(agent);
        Assert.Equal(bed.Runs.ProcessIdOf(bed.Tab.Id) ?? agent.ProcessId, agent.ProcessId);
        Assert.Equal(bed.Workspace.Id, agent.WorkspaceId);
        Assert.True(agent.ResidentBytes > 10 * 1024 * 1024, $"{agent.ResidentBytes} bytes for a running Claude Code.");
        Assert.True(agent.CpuPercent >= 0);
        Assert.Matches(@"^\d+% · \d+ MB$", agent.Text);
        Assert.Equal((bed.Workspace.Id, 1, agent.ResidentBytes), (workspace.WorkspaceId, workspace.Agents, workspace.ResidentBytes));
        Assert.Null(usage.For(bed.Tab.Id));
        Assert.Empty(usage.Current);
    }
}
