using Grove.Services.Agents;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary>Default tab names: "Agent 1", "Agent 2"…, never "main" (which reads like the branch).</summary>
public sealed class AgentTabNameTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Tabs_without_a_name_are_numbered_agents_and_skip_taken_names()
    {
        using var repo = TestRepository.Create();
        await using var app = await TestApp.StartAsync();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "names", NoFetch = true }, cancellationToken: Ct)).Workspace;
        var tabs = app.App.Get<IAgentTabs>();

        var first = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct);
        await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "Agent 3" }, Ct);
        var third = await tabs.CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct);

        Assert.Equal("Agent 1", first.Name);
        Assert.Equal("Agent 4", third.Name);
        Assert.DoesNotContain(await tabs.ListAsync(workspace.Id, Ct), t => t.Name == "main");
    }
}
