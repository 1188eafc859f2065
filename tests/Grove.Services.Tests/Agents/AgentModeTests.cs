using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Plan mode, questions and the opt-in permission modes, with the real CLI.</summary>
public sealed class AgentModeTests
{
    [Fact]
    public async Task PlanMode_RefusesTheEdit_PresentsThePlan_AndImplementAppliesIt()
    {
        await using var bed = await AgentBed.StartAsync(AgentMode.Plan);
        var file = bed.InWorktree("planned.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = file, content = "too early\n" }, "toolu_early"),
            FakeResponse.ToolUse("ExitPlanMode", new { plan = "1. Create planned.txt" }, "toolu_plan"),
            FakeResponse.ToolUse("Write", new { file_path = file, content = "implemented\n" }, "toolu_impl"),
            FakeResponse.Text("Implemented the plan."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Plan then create planned.txt", AgentBed.Ct);
        var plan = await bed.WaitForApprovalAsync();

        Assert.Equal("ExitPlanMode", plan.Request.ToolName);
        var early = bed.Api.FindToolResult("toolu_early")!;
        Assert.True(early.IsError);
        Assert.Contains("Plan mode is read-only", early.Content);
        Assert.False(File.Exists(file));

        await bed.Runs.AnswerAsync(plan.Id, new ApprovalAnswer(ApprovalChoice.Implement), AgentBed.Ct);
        var write = await bed.WaitForApprovalAsync(2);
        Assert.Equal("Write", write.Request.ToolName);
        Assert.Equal(AgentMode.Agent, (await bed.ReloadTabAsync()).Mode);
        await bed.Runs.AnswerAsync(write.Id, ApprovalAnswer.Once, AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Equal("implemented\n", File.ReadAllText(file));
    }

    [Fact]
    public async Task AcceptEditsMode_AllowsEditsInsideTheWorktreeWithoutAsking_ButNotOutside()
    {
        await using var bed = await AgentBed.StartAsync(permissionMode: PermissionMode.AcceptEdits);
        var outside = Path.Combine(bed.Repo.Scratch("outside"), "escape.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("inside.txt"), content = "ok" }, "toolu_in"),
            FakeResponse.ToolUse("Write", new { file_path = outside, content = "no" }, "toolu_out"),
            FakeResponse.Text("Done."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write two files", AgentBed.Ct);
        var asked = await bed.WaitForApprovalAsync();
        Assert.Equal("toolu_out", asked.Request.ToolUseId);
        await bed.Runs.AnswerAsync(asked.Id, ApprovalAnswer.DenyWith("Stay in the worktree."), AgentBed.Ct);
        await bed.WaitForResultAsync();

        Assert.True(File.Exists(bed.InWorktree("inside.txt")));
        Assert.False(File.Exists(outside));
    }

    [Fact]
    public async Task AskUserQuestion_IsHeldForAPerson_AndTheAnswerReachesTheAgent()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.ToolUse("AskUserQuestion", new
            {
                questions = new[]
                {
                    new { question = "Which color?", header = "Color", multiSelect = false, options = new[] { new { label = "Red", description = "warm" }, new { label = "Blue", description = "cool" } } },
                },
            }, "toolu_ask"),
            FakeResponse.Text("Blue it is."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Ask me a color", AgentBed.Ct);
        var question = await bed.WaitForApprovalAsync();
        Assert.Equal("AskUserQuestion", question.Request.ToolName);

        await bed.Runs.AnswerAsync(question.Id, new ApprovalAnswer(ApprovalChoice.Answer, Answers: new Dictionary<string, string> { ["Which color?"] = "Blue" }), AgentBed.Ct);
        await bed.WaitForResultAsync();

        var toolResult = bed.Api.FindToolResult("toolu_ask")!;
        Assert.False(toolResult.IsError);
        Assert.Contains("Blue", toolResult.Content);
    }
}

public sealed class AgentBypassTests
{
    [Fact]
    public async Task BypassMode_AllowsToolCallsWithoutAsking_ThroughTheControlProtocol()
    {
        await using var bed = await AgentBed.StartAsync(permissionMode: PermissionMode.Bypass);
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("auto.txt"), content = "auto\n" }, "toolu_auto"),
            FakeResponse.Text("Done without asking."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write auto.txt", AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Equal("auto\n", File.ReadAllText(bed.InWorktree("auto.txt")));
        Assert.DoesNotContain(bed.Events, e => e.Kind == "tab_status" && e.PayloadJson.Contains("needsinput", StringComparison.Ordinal));
        Assert.Contains(bed.Stored<PermissionDecisionEvent>(), d => d.Allowed);
    }
}
