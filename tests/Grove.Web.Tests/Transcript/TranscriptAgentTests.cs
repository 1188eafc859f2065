using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Transcript;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Transcript;

/// <summary>
/// The transcript over Grove's real run service, the real Claude Code CLI and the scripted fake
/// Anthropic API: what the driver really emits streams in, and the approve button really answers.
/// </summary>
public sealed class TranscriptAgentTests : UiTestContext
{
    private FakeAnthropicServer _api = null!;
    private ClaudeCliHarness _harness = null!;

    public override async ValueTask InitializeAsync()
    {
        _api = await FakeAnthropicServer.StartAsync(Ct);
        _harness = new ClaudeCliHarness(_api);
        await base.InitializeAsync();
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_ =>
    {
        var options = new AgentRunOptions { ExecutablePath = _harness.BinaryPath, PartialCheckpointInterval = TimeSpan.FromMilliseconds(50) };
        foreach (var (key, value) in _harness.Environment)
        {
            options.ExtraEnvironment[key] = value;
        }

        return options;
    });

    [Fact]
    public async Task A_real_turn_streams_in_and_a_write_is_approved_from_its_card()
    {
        using var repo = TestRepository.Create();
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var workspace = (await Get<IWorkspaceService>().CreateAsync(new CreateWorkspaceRequest { Project = project.Id, Name = "agent", NoFetch = true, NoSetup = true }, cancellationToken: Ct)).Workspace;
        var tab = await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id }, Ct);
        var runs = Get<IAgentRuns>();
        var file = Path.Combine(workspace.WorktreePath, "notes.md");
        _api.Enqueue(
            FakeResponse.Text("Hel", "lo ", "**there**"),
            FakeResponse.ToolUse("Write", new { file_path = file, content = "# Notes\n" }, "toolu_write1"),
            FakeResponse.Text("Wrote it."));
        try
        {
            var view = Render<TranscriptView>(p => p.Add(x => x.TabId, tab.Id));
            Assert.True(SpinWait.SpinUntil(() => runs.Events.SubscriberCount(tab.Id) > 0, TestTimeouts.Default));

            await runs.SendAsync(tab.Id, "say hello", Ct);
            view.WaitForAssertion(() =>
            {
                var message = Assert.Single(view.FindAll("[data-kind=assistant]"));
                Assert.Equal("there", message.QuerySelector("strong")!.TextContent);
                Assert.Null(message.GetAttribute("data-streaming"));
                view.Find("[data-test=turn-footer]");
            }, TestTimeouts.Default);

            await runs.SendAsync(tab.Id, "write the notes", Ct);
            view.WaitForAssertion(() => view.Find("[data-tool=Write] [data-action=allow-once]"), TestTimeouts.Default);
            Assert.Contains("# Notes", view.Find("[data-tool=Write] .diff-line.add").TextContent, StringComparison.Ordinal);

            view.Find("[data-tool=Write] [data-action=allow-once]").Click();

            view.WaitForAssertion(() =>
            {
                Assert.Equal(2, view.FindAll("[data-test=turn-footer]").Count);
                Assert.Equal("done", view.Find("[data-tool=Write] [data-test=tool-status]").TextContent);
                Assert.Equal("allowed", view.Find("[data-tool=Write] [data-test=approval]").GetAttribute("data-state"));
                Assert.Equal("Wrote it.", view.FindAll("[data-kind=assistant]")[^1].TextContent.Trim());
            }, TestTimeouts.Default);
            Assert.Equal("# Notes\n", await File.ReadAllTextAsync(file, Ct));
            Assert.Single(view.FindAll("[data-tool=Write]"));
            _api.EnsureScriptCompleted();
        }
        finally
        {
            await runs.StopAsync(tab.Id, Ct);
        }
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        _harness.Dispose();
        await _api.DisposeAsync();
    }
}
