using System.Text.Json.Nodes;
using Grove.Core.Mcp;
using Grove.Services.Mcp;
using Grove.Testing;
using Grove.Testing.Mcp;

namespace Grove.Services.Tests.Mcp;

/// <summary>The use cases over real files, real SQLite and real servers: trust, switches, the run's config.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class McpServersTests
{
    private static CancellationToken Ct => TestTimeouts.Token(TestContext.Current.CancellationToken);

    private static string EverythingJson(string extra = "") =>
        $$"""{ "mcpServers": { "everything": { "command": "node", "args": ["{{McpEverything.EntryPath}}", "stdio"]{{extra}} } } }""";

    [Fact]
    public async Task Project_servers_do_not_start_until_trusted_and_are_asked_again_after_a_change()
    {
        await using var app = await TestApp.StartAsync();
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        File.WriteAllText(Path.Combine(repo.Path, ".mcp.json"), EverythingJson());
        var servers = app.App.Get<IMcpServers>();

        var before = await servers.ListAsync(project.Name, null, probe: true, Ct);
        var trusted = await servers.TrustAsync(project.Name, Ct);
        var after = await servers.ListAsync(project.Name, null, probe: true, Ct);
        File.WriteAllText(Path.Combine(repo.Path, ".mcp.json"), EverythingJson(""", "env": { "MODE": "changed" }"""));
        var changed = await servers.ListAsync(project.Name, null, probe: true, Ct);

        var untrusted = Assert.Single(before.Servers);
        Assert.False(untrusted.Trusted);
        Assert.Equal(McpServerStatus.NotTrusted, untrusted.Probe.Status);
        Assert.False(before.Trust!.Trusted);
        Assert.Equal(["everything"], trusted.Servers.Select(s => s.Name));
        Assert.Equal(McpServerStatus.Connected, Assert.Single(after.Servers).Probe.Status);
        Assert.Equal(McpScope.Project, after.Servers[0].Origin.Scope);
        Assert.False(changed.Trust!.Trusted);
        Assert.Equal(McpServerStatus.NotTrusted, Assert.Single(changed.Servers).Probe.Status);
    }

    [Fact]
    public async Task An_edit_starts_from_the_file_as_written_so_saving_keeps_its_variables_unexpanded()
    {
        await using var app = await TestApp.StartAsync();
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        File.WriteAllText(
            Path.Combine(repo.Path, ".mcp.json"),
            """{ "mcpServers": { "api": { "command": "node", "args": ["server.js"], "env": { "API_KEY": "${GROVE_TEST_NEVER_SET_VAR:-expanded-default}" } } } }""");
        var servers = app.App.Get<IMcpServers>();

        var view = Assert.Single((await servers.ListAsync(project.Name, null, probe: false, Ct)).Servers);
        Assert.Equal("expanded-default", view.Definition.Env["API_KEY"]);
        Assert.Equal("${GROVE_TEST_NEVER_SET_VAR:-expanded-default}", view.AsWritten.Env["API_KEY"]);
        await servers.SaveAsync(new McpAddRequest(view.AsWritten with { Args = ["server.js", "--verbose"] }, McpScope.Project, project.Name), Ct);

        var written = File.ReadAllText(Path.Combine(repo.Path, ".mcp.json"));
        Assert.Contains("${GROVE_TEST_NEVER_SET_VAR:-expanded-default}", written, StringComparison.Ordinal);
        Assert.DoesNotContain("\"expanded-default\"", written, StringComparison.Ordinal);
        Assert.Contains("--verbose", written, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switches_apply_per_project_and_per_workspace_and_a_worktree_path_maps_to_its_project()
    {
        await using var app = await TestApp.StartAsync();
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ws" }, cancellationToken: Ct)).Workspace;
        var servers = app.App.Get<IMcpServers>();
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "tool", Command = "true" }, McpScope.User, null), Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "tool", Command = "local-tool" }, McpScope.Local, project.Name), Ct);

        await servers.SetEnabledAsync("tool", false, project.Name, null, Ct);
        await servers.SetEnabledAsync("tool", true, null, workspace.Name, Ct);

        var inProject = Assert.Single((await servers.ListAsync(project.Name, null, probe: false, Ct)).Servers);
        var byWorktreePath = await servers.ListAsync(workspace.WorktreePath, null, probe: false, Ct);
        var inUserScope = Assert.Single((await servers.ListAsync(null, null, probe: false, Ct)).Servers);
        Assert.False(inProject.Enabled);
        Assert.Equal("project", inProject.EnabledBy);
        Assert.Equal("local-tool", inProject.Definition.Command);
        Assert.Equal(McpScope.Local, inProject.Origin.Scope);
        Assert.Equal([McpScope.User], inProject.Shadowed.Select(o => o.Scope));
        Assert.Equal(workspace.Id, byWorktreePath.WorkspaceId);
        Assert.True(Assert.Single(byWorktreePath.Servers).Enabled);
        Assert.Equal("workspace", byWorktreePath.Servers[0].EnabledBy);
        Assert.Equal("true", inUserScope.Definition.Command);
        Assert.Equal(Path.Combine(app.ClaudeConfigDirectory, ".claude.json"), inUserScope.Origin.File);
    }

    [Fact]
    public async Task A_run_config_holds_only_enabled_trusted_working_servers_with_their_own_env()
    {
        await using var app = await TestApp.StartAsync();
        using var repo = TestRepository.Create();
        var project = await app.Projects.AddAsync(repo.Path, cancellationToken: Ct);
        var workspace = (await app.Workspaces.CreateAsync(new() { Project = project.Name, Name = "ws" }, cancellationToken: Ct)).Workspace;
        var servers = app.App.Get<IMcpServers>();
        File.WriteAllText(Path.Combine(repo.Path, ".mcp.json"), """{ "mcpServers": { "untrusted": { "command": "node" } } }""");
        await servers.SaveAsync(new McpAddRequest(
            new McpServerDefinition { Name = "everything", Command = McpEverything.Node, Args = [McpEverything.EntryPath, "stdio"], Env = new Dictionary<string, string> { ["MODE"] = "x" } },
            McpScope.User, null), Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "off", Command = "node" }, McpScope.User, null), Ct);
        await servers.SaveAsync(new McpAddRequest(new McpServerDefinition { Name = "broken", Command = "/nonexistent/server" }, McpScope.User, null), Ct);
        await servers.SetEnabledAsync("off", false, project.Name, null, Ct);

        var plan = await app.App.Get<McpRunConfig>().PrepareAsync(workspace, Ct);

        Assert.Equal(["everything"], plan.Included);
        Assert.Equal(["broken", "untrusted"], plan.LeftOut.Select(l => l.Name).Order());
        Assert.StartsWith("failed: ", plan.LeftOut.Single(l => l.Name == "broken").Reason, StringComparison.Ordinal);
        var everything = Assert.Single(plan.Servers);
        Assert.Equal((McpEverything.Node, "x"), (everything.Command, everything.Env["MODE"]));
        Assert.Equal([McpEverything.EntryPath, "stdio"], everything.Args);
    }

    [Fact]
    public async Task A_run_folder_is_private_and_deleted_with_its_files()
    {
        await using var app = await TestApp.StartAsync();
        var runs = app.App.Get<McpRunConfig>();

        var folder = runs.CreateRunFolder("tab1");
        File.WriteAllText(Path.Combine(folder, "claude-mcp.json"), "{}");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        Assert.StartsWith(runs.Folder, folder, StringComparison.Ordinal);
        McpRunConfig.Delete(folder);
        Assert.False(Directory.Exists(folder));
    }
}
