using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>End to end: Grove's run service driving the real Claude Code CLI against the fake API.</summary>
public sealed class AgentRunTests
{
    [Fact]
    public async Task TextTurn_IsStoredInOrder_AndTheSessionIdIsKeptOnTheTab()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Text("Hello ", "from ", "the fake."));

        var outcome = await bed.Runs.SendAsync(bed.Tab.Id, "Say hello", AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.True(outcome.Started);
        Assert.False(result.IsError);
        Assert.Equal("Hello from the fake.", result.ResultText);
        var kinds = bed.Events.Where(e => e.Sequence is not null).Select(e => e.Kind).ToList();
        Assert.Equal(AgentEventKinds.User, kinds[0]);
        Assert.True(kinds.IndexOf(AgentEventKinds.Init) < kinds.IndexOf(AgentEventKinds.Text));
        Assert.True(kinds.IndexOf(AgentEventKinds.Text) < kinds.IndexOf(AgentEventKinds.Result));
        var sequences = bed.Events.Where(e => e.Sequence is not null).Select(e => e.Sequence!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Contains(bed.Events, e => e.Kind == AgentEventKinds.Delta && e.Sequence is null);
        var tab = await bed.ReloadTabAsync();
        Assert.Equal(result.SessionId, tab.SessionId);
        Assert.Equal(AgentTabStatus.Idle, tab.Status);
        Assert.Contains("Say hello", bed.Api.LastUserText);
    }

    [Fact]
    public async Task Write_WhenAllowed_CreatesTheFile()
    {
        await using var bed = await AgentBed.StartAsync();
        var file = bed.InWorktree("hello.txt");
        bed.Api.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "hello\n" }, "toolu_write1"), FakeResponse.Text("Wrote it."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write hello.txt", AgentBed.Ct);
        var approval = await bed.WaitForApprovalAsync();
        Assert.Equal("Write", approval.Request.ToolName);
        Assert.Equal(AgentTabStatus.NeedsInput, (await bed.ReloadTabAsync()).Status);

        await bed.Runs.AnswerAsync(approval.Id, ApprovalAnswer.Once, AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Equal("hello\n", File.ReadAllText(file));
        Assert.Contains(bed.Stored<PermissionDecisionEvent>(), d => d.Allowed && d.RequestId == approval.Id);
        Assert.False(bed.Api.FindToolResult("toolu_write1")!.IsError);
    }

    [Fact]
    public async Task Write_WhenDenied_LeavesNoFile_AndTheDenialIsRecorded()
    {
        await using var bed = await AgentBed.StartAsync();
        var file = bed.InWorktree("nope.txt");
        bed.Api.Enqueue(FakeResponse.ToolUse("Write", new { file_path = file, content = "x" }, "toolu_deny1"), FakeResponse.Text("Understood."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write nope.txt", AgentBed.Ct);
        var approval = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(approval.Id, ApprovalAnswer.DenyWith("Not in this repo, please."), AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(File.Exists(file));
        Assert.Equal(1, result.DenialCount);
        var toolResult = bed.Api.FindToolResult("toolu_deny1")!;
        Assert.True(toolResult.IsError);
        Assert.Contains("Not in this repo, please.", toolResult.Content);
        Assert.Contains(bed.Stored<PermissionDecisionEvent>(), d => !d.Allowed && d.Message == "Not in this repo, please.");
    }

    [Fact]
    public async Task AllowAlways_SavesARule_SoTheSecondWriteIsNotAsked()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("one.txt"), content = "1" }, "toolu_a1"),
            FakeResponse.ToolUse("Write", new { file_path = bed.InWorktree("two.txt"), content = "2" }, "toolu_a2"),
            FakeResponse.Text("Both written."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Write two files", AgentBed.Ct);
        var first = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(first.Id, new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace), AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.True(File.Exists(bed.InWorktree("one.txt")));
        Assert.True(File.Exists(bed.InWorktree("two.txt")));
        Assert.Single(bed.Events, e => e.Kind == "tab_status" && e.PayloadJson.Contains("needsinput", StringComparison.Ordinal));
        Assert.Equal(2, bed.Stored<PermissionDecisionEvent>().Count(d => d.Allowed));
    }

    [Fact]
    public async Task AllowAlways_ForABashCommand_StopsTheNextAskInTheSameTurn()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Bash", new { command = "npm run lint", description = "Lint" }, "toolu_b1"),
            FakeResponse.ToolUse("Bash", new { command = "npm run build", description = "Build" }, "toolu_b2"),
            FakeResponse.Text("Linted and built."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Lint and build", AgentBed.Ct);
        var first = await bed.WaitForApprovalAsync();
        await bed.Runs.AnswerAsync(first.Id, new ApprovalAnswer(ApprovalChoice.AlwaysForWorkspace), AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        Assert.Single(bed.Events, e => e.Kind == "tab_status" && e.PayloadJson.Contains("needsinput", StringComparison.Ordinal));
        Assert.Equal(2, bed.Stored<PermissionDecisionEvent>().Count(d => d.Allowed));
        Assert.True(bed.Api.HasToolResult("toolu_b2"));

        // Claude 2.x suggests the wildcard form, which the old ":*"-only matcher did not understand.
        var rule = Assert.Single(await bed.App.App.Get<Grove.Data.Stores.IPermissionRuleStore>().ListAsync(bed.Workspace.ProjectId, bed.Workspace.Id, AgentBed.Ct));
        Assert.Equal(("Bash", "npm run *"), (rule.ToolName, rule.RuleContent));
    }

    [Fact]
    public async Task ApiOverloadedOnce_IsRetried_ThenTheTurnSucceeds()
    {
        await using var bed = await AgentBed.StartAsync();
        bed.Api.Enqueue(FakeResponse.Overloaded(), FakeResponse.Text("After the retry."));

        await bed.Runs.SendAsync(bed.Tab.Id, "Try", AgentBed.Ct);
        var result = await bed.WaitForResultAsync();

        Assert.False(result.IsError);
        var retry = Assert.Single(bed.Stored<RetryEvent>());
        Assert.Equal(529, retry.ErrorStatus);
        Assert.Equal(AgentTabStatus.Idle, (await bed.ReloadTabAsync()).Status);
    }
}
