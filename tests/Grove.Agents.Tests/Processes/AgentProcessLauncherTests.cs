using Grove.Agents.Processes;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;

namespace Grove.Agents.Tests.Processes;

public sealed class AgentProcessLauncherTests
{
    [Fact]
    public async Task Agent_runs_in_its_own_session_so_a_terminal_ctrl_c_does_not_reach_it()
    {
        Assert.True(AgentProcessLauncher.Detaches, "util-linux setsid is expected on the test machine");
        await using var fake = await FakeSession.StartAsync(new FakeAgentScript().Print(Fixtures.Init).WaitEof());
        await fake.WaitForAsync<InitEvent>();

        var agent = SessionAndGroup(fake.Session.ProcessId);
        var grove = SessionAndGroup(Environment.ProcessId);

        Assert.Equal(fake.Session.ProcessId, agent.Session);
        Assert.Equal(fake.Session.ProcessId, agent.Group);
        Assert.NotEqual(grove.Group, agent.Group);
        Assert.NotEqual(grove.Session, agent.Session);
    }

    /// <summary>Fields 5 (pgrp) and 6 (session) of /proc/PID/stat, after the parenthesised name.</summary>
    private static (int Group, int Session) SessionAndGroup(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture), int.Parse(fields[3], System.Globalization.CultureInfo.InvariantCulture));
    }
}
