using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Workspaces;
using Grove.Services.Agents;
using Grove.Services.Checkpoints;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>A checkpoint before every turn of the real CLI, and rolling a turn back.</summary>
public sealed class CheckpointTurnTests
{
    [Fact]
    public async Task RestoreBeforeATurn_RemovesTheFileTheAgentWrote_AndKeepsTheUsersOwn()
    {
        await using var bed = await AgentBed.StartAsync(permissionMode: PermissionMode.AcceptEdits);
        var made = bed.InWorktree("made-by-agent.txt");
        File.WriteAllText(bed.InWorktree("notes.txt"), "mine, not committed\n");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = made, content = "hello\n" }, "toolu_w"),
            FakeResponse.Text("Done."));
        var checkpoints = bed.App.App.Get<ICheckpoints>();

        await bed.Runs.SendAsync(bed.Tab.Id, "Create a file\nplease", AgentBed.Ct);
        await bed.WaitForResultAsync();

        Assert.True(File.Exists(made));
        var checkpoint = Assert.Single(await checkpoints.ListAsync(bed.Workspace.Name, cancellationToken: AgentBed.Ct));
        Assert.Equal(1, checkpoint.Number);
        Assert.Equal("Create a file please", checkpoint.Prompt);
        Assert.Equal([new CheckpointFile("made-by-agent.txt", CheckpointFile.Removed)], checkpoint.ChangedSince);
        var user = bed.Events.First(e => e.Kind == AgentEventKinds.User && e.Sequence is not null);
        Assert.True(checkpoint.AfterSequence < user.Sequence);

        var restored = await checkpoints.RestoreAsync(bed.Workspace.Name, 1, bed.Tab.Name, cancellationToken: AgentBed.Ct);

        Assert.False(File.Exists(made));
        Assert.Equal("mine, not committed\n", File.ReadAllText(bed.InWorktree("notes.txt")));
        Assert.Equal([new CheckpointFile("made-by-agent.txt", CheckpointFile.Removed)], restored.Files);
        Assert.Null(restored.ForkTabId);
    }

    [Fact]
    public async Task RestoreIsRefusedWhileTheTabRunsATurn_AndCanForkTheConversation()
    {
        await using var bed = await AgentBed.StartAsync();
        var first = bed.InWorktree("first.txt");
        var second = bed.InWorktree("second.txt");
        bed.Api.Enqueue(
            FakeResponse.ToolUse("Write", new { file_path = first, content = "1\n" }, "toolu_1"),
            FakeResponse.Text("First done."),
            FakeResponse.ToolUse("Write", new { file_path = second, content = "2\n" }, "toolu_2"),
            FakeResponse.Text("Second done."));
        var checkpoints = bed.App.App.Get<ICheckpoints>();

        await bed.Runs.SendAsync(bed.Tab.Id, "Write the first file", AgentBed.Ct);
        await bed.Runs.AnswerAsync((await bed.WaitForApprovalAsync()).Id, ApprovalAnswer.Once, AgentBed.Ct);
        await bed.WaitForResultAsync();
        await bed.Runs.SendAsync(bed.Tab.Id, "Write the second file", AgentBed.Ct);
        var asked = await bed.WaitForApprovalAsync(2);

        var refused = await Assert.ThrowsAsync<GroveException>(() => checkpoints.RestoreAsync(bed.Workspace.Id, 1, cancellationToken: AgentBed.Ct));
        Assert.Equal(ErrorKind.Conflict, refused.Kind);

        await bed.Runs.AnswerAsync(asked.Id, ApprovalAnswer.Once, AgentBed.Ct);
        await bed.WaitForResultAsync(2);
        var list = await checkpoints.ListAsync(bed.Workspace.Id, cancellationToken: AgentBed.Ct);
        Assert.Equal([1, 2], list.Select(c => c.Number).ToArray());
        Assert.Equal(2, list[0].ChangedSince.Count);
        Assert.Equal([new CheckpointFile("second.txt", CheckpointFile.Removed)], list[1].ChangedSince);

        var restored = await checkpoints.RestoreAsync(bed.Workspace.Id, 2, fork: true, cancellationToken: AgentBed.Ct);

        Assert.True(File.Exists(first));
        Assert.False(File.Exists(second));
        Assert.NotNull(restored.ForkTabId);
        var fork = await bed.Tabs.ResolveAsync(restored.ForkTabId!, AgentBed.Ct);
        Assert.Equal(bed.Workspace.Id, fork.WorkspaceId);

        // The checkpoints go with their tab.
        await bed.Tabs.DeleteAsync(bed.Tab.Id, AgentBed.Ct);
        Assert.Empty(bed.Repo.Git("for-each-ref", "refs/grove/checkpoints/" + bed.Tab.Id));
    }
}
