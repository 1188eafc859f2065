using Grove.Core.Agents;
using Grove.Web.Transcript;

namespace Grove.Web.Tests.Transcript;

/// <summary>What a run's MCP servers look like in the transcript: the agent's own statuses, and Grove's notice per server left out.</summary>
public sealed class McpNoticeFoldTests
{
    [Fact]
    public void The_agents_server_statuses_show_and_a_left_out_server_is_a_warning()
    {
        var fold = new TranscriptFold();
        var init = Ev.Init() with { McpServers = [new AgentMcpServer("everything", "connected"), new AgentMcpServer("broken", "failed")] };
        var leftOut = new SystemEvent("grove_notice", Ev.Obj(new { message = "MCP server 'sneaky' is not in this run: not trusted.", mcp_server = "sneaky", warning = true }));
        foreach (var row in Ev.Rows("tab1", leftOut, init))
        {
            fold.Apply(row);
        }

        var notices = fold.Items.OfType<NoticeItem>().ToList();
        Assert.Contains(notices, n => n.Kind == NoticeKind.Warning && n.Text == "MCP server 'sneaky' is not in this run: not trusted.");
        Assert.Contains(notices, n => n.Kind == NoticeKind.Info && n.Text == "MCP servers: everything (connected)");
        Assert.Contains(notices, n => n.Kind == NoticeKind.Warning && n.Text == "MCP server 'broken' failed to connect.");
    }
}
