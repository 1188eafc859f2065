using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Tests.TestServices;

namespace Grove.Data.Tests;

public sealed class AgentRunDataTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TabStatusPermissionModeAndLastError_RoundTrip_WithSafeDefaults()
    {
        await using var db = await TestDatabase.CreateAsync(Ct);
        var project = await db.AddProjectAsync("p", Ct);
        var workspace = await db.AddWorkspaceAsync(project, "w", Ct);
        var tab = new AgentTab { Id = Ids.NewTabId(), WorkspaceId = workspace.Id, Name = "t" };
        await db.Stores.Tabs.AddAsync(tab, Ct);

        var fresh = await db.Stores.Tabs.GetAsync(tab.Id, Ct);
        Assert.Equal(AgentTabStatus.Idle, fresh!.Status);
        Assert.Equal(PermissionMode.Ask, fresh.PermissionMode);

        await db.Stores.Tabs.UpdateAsync(fresh with { Status = AgentTabStatus.NeedsInput, PermissionMode = PermissionMode.AcceptEdits, LastError = "overloaded" }, Ct);
        var updated = await db.Stores.Tabs.GetAsync(tab.Id, Ct);

        Assert.Equal(AgentTabStatus.NeedsInput, updated!.Status);
        Assert.Equal(PermissionMode.AcceptEdits, updated.PermissionMode);
        Assert.Equal("overloaded", updated.LastError);
        Assert.NotNull(project);
    }

    [Fact]
    public async Task PermissionRules_AreScopedToProjectOrWorkspace_AndGoWithThem()
    {
        await using var db = await TestDatabase.CreateAsync(Ct);
        var project = await db.AddProjectAsync("p", Ct);
        var workspace = await db.AddWorkspaceAsync(project, "w", Ct);
        var other = await db.AddWorkspaceAsync(project, "other", Ct);

        var projectWide = await db.Stores.PermissionRules.AddAsync(new PermissionRule { ProjectId = project.Id, ToolName = "Write" }, Ct);
        await db.Stores.PermissionRules.AddAsync(new PermissionRule { ProjectId = project.Id, WorkspaceId = workspace.Id, ToolName = "Bash", RuleContent = "npm test" }, Ct);

        var forWorkspace = await db.Stores.PermissionRules.ListAsync(project.Id, workspace.Id, Ct);
        var forOther = await db.Stores.PermissionRules.ListAsync(project.Id, other.Id, Ct);

        Assert.True(projectWide.Id > 0);
        Assert.Equal(["Write", "Bash"], forWorkspace.Select(r => r.ToolName).ToArray());
        Assert.Equal("npm test", forWorkspace[1].RuleContent);
        Assert.Equal(["Write"], forOther.Select(r => r.ToolName).ToArray());

        await db.Stores.Workspaces.DeleteAsync(workspace.Id, Ct);
        Assert.Single(await db.Stores.PermissionRules.ListAsync(project.Id, workspace.Id, Ct));
        Assert.True(await db.Stores.PermissionRules.DeleteAsync(projectWide.Id, Ct));
        Assert.Empty(await db.Stores.PermissionRules.ListAsync(project.Id, null, Ct));
    }
}
