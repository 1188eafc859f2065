using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>What a person chose for a permission request is stored with the decision, so it can be shown after a reload.</summary>
public sealed class PermissionOutcomeTests
{
    [Fact]
    public async Task The_stored_decisions_say_once_always_here_or_nothing_for_an_automatic_allow()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("one.txt"), content = "1" }, "toolu_o1"),
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("two.txt"), content = "2" }, "toolu_o2"),
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("three.txt"), content = "3" }, "toolu_o3"),
            FakeResponse.Text("Three written."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write three files", AgentBed.Ct);
        var first = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(first.Id, ApprovalAnswer.Once, AgentBed.Ct);
        var second = await bed.WaitForApprovalAsync(occurrence: 2);
        await bed.Runs.AnswerAsync(second.Id, new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace), AgentBed.Ct);
        Assert.False((await bed.WaitForResultAsync()).IsError);

        var decisions = bed.Stored<PermissionDecisionEvent>();
        Assert.Equal([PermissionScopes.Once, PermissionScopes.Workspace, null], decisions.Select(d => d.Scope));
        Assert.All(decisions, d => Assert.True(d.Allowed));
    }
}
