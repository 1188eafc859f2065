using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Services.Projects;
using Grove.Services.Workspaces;
using Grove.Testing;
using Grove.Web.Components.Transcript;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Transcript;

/// <summary>
/// Grove's real services (store, event hub, tabs on a real repository) with a recording
/// <see cref="IAgentRuns"/>, so approvals can be checked without the Claude CLI.
/// </summary>
public abstract class TranscriptUiTest : UiTestContext
{
    internal RecordingAgentRuns Runs => (RecordingAgentRuns)Get<IAgentRuns>();

    protected TabEventHub Hub => Get<TabEventHub>();

    protected string TabId { get; private set; } = "";

    protected string WorkspaceId { get; private set; } = "";

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<IAgentRuns>(sp => new RecordingAgentRuns(sp.GetRequiredService<TabEventHub>()));

    /// <summary>A project, a local workspace and a tab on <paramref name="repo"/>.</summary>
    protected async Task CreateTabAsync(TestRepository repo)
    {
        var project = await Get<IProjectService>().AddAsync(repo.Path, "demo", Ct);
        var workspace = (await Get<IWorkspaceService>().CreateAsync(
            new CreateWorkspaceRequest { Project = project.Id, Name = "ws", Mode = WorkspaceMode.Local, NoFetch = true, NoSetup = true },
            cancellationToken: Ct)).Workspace;
        var tab = await Get<IAgentTabs>().CreateAsync(new CreateTabRequest { Workspace = workspace.Id, Name = "agent" }, Ct);
        WorkspaceId = workspace.Id;
        TabId = tab.Id;
    }

    /// <summary>Stores events in the tab's transcript (as the recorder does), without publishing them.</summary>
    protected async Task<IReadOnlyList<TranscriptEvent>> StoreAsync(params AgentEvent[] events) =>
        await Get<ITranscriptStore>().AppendManyAsync(events.Select(e => e.ToTranscriptEvent(TabId, DateTimeOffset.UtcNow)).ToList(), Ct);

    /// <summary>What the recorder does live: stores each event and publishes it; deltas are published only.</summary>
    protected async Task PublishAsync(params AgentEvent[] events)
    {
        foreach (var e in events)
        {
            if (e.IsTransient)
            {
                Hub.Publish(Ev.Live(TabId, e));
            }
            else
            {
                Hub.Publish(LiveEvent.From((await StoreAsync(e))[0]));
            }
        }
    }

    protected void PublishLive(string kind, string payloadJson) => Hub.Publish(new LiveEvent(TabId, null, kind, payloadJson, DateTimeOffset.UtcNow));

    protected void AddPending(PermissionRequestEvent request) => Runs.AddPending(new PendingApproval(TabId, WorkspaceId, request, DateTimeOffset.UtcNow));

    protected IRenderedComponent<TranscriptView> RenderTranscript() => Render<TranscriptView>(p => p.Add(x => x.TabId, TabId));

    /// <summary>Renders and waits until the live subscription is open (events published after this are seen).</summary>
    protected IRenderedComponent<TranscriptView> RenderLive()
    {
        var view = RenderTranscript();
        // The subscription opens off the render thread (no render to wait on): wait for the hub to see it.
        Assert.True(SpinWait.SpinUntil(() => Hub.SubscriberCount(TabId) > 0, TestTimeouts.Default), "The transcript never subscribed to live events.");
        return view;
    }
}
