using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Data.Stores;
using Grove.Services.Agents;
using Grove.Web.Components.Workspaces;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

/// <summary>The tab strip against real services: new, rename, close, export links, live status dots.</summary>
public sealed class TabStripTests : WorkspaceUiTestContext
{
    private int _changes;

    private async Task<IRenderedComponent<TabStrip>> RenderStripAsync(AgentTab? current = null)
    {
        var tabs = await ListTabsAsync();
        return Render<TabStrip>(p => p
            .Add(s => s.WorkspaceId, Workspace.Id)
            .Add(s => s.Tabs, tabs)
            .Add(s => s.CurrentTabId, (current ?? tabs[0]).Id)
            .Add(s => s.OnTabsChanged, EventCallback.Factory.Create(this, () => _changes++)));
    }

    private async Task RefreshAsync(IRenderedComponent<TabStrip> cut)
    {
        var tabs = await ListTabsAsync();
        cut.Render(p => p.Add(s => s.Tabs, tabs));
    }

    [Fact]
    public async Task NewTab_CreatesATabLikeTheCurrentOne_AndOpensIt()
    {
        var main = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "main", Mode = AgentMode.Plan, Model = "sonnet" }, Ct);
        var cut = await RenderStripAsync(main);

        await cut.Find("[data-action='new-tab']").ClickAsync(new MouseEventArgs());
        // Claude Code and Codex are registered: "+" asks which agent.
        await cut.WaitForElement("[data-action='new-tab-kind'][data-kind='claude-code']").ClickAsync(new MouseEventArgs());

        var tabs = await ListTabsAsync();
        var created = Assert.Single(tabs, t => t.Id != main.Id);
        Assert.Equal("Agent 2", created.Name);
        Assert.Equal((AgentMode.Plan, "sonnet"), (created.Mode, created.Model));
        Assert.Equal(TabUrl(created), Navigation.Uri);
        Assert.Equal(1, _changes);
    }

    [Fact]
    public async Task AParkedTab_ShowsParked_UntilItRunsAgain()
    {
        var main = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "main" }, Ct);
        await Tabs.UpdateAsync(main.Id, t => t with { SessionId = "s-1", ParkedAt = DateTimeOffset.UtcNow }, Ct);
        var cut = await RenderStripAsync();

        var parked = cut.Find("[data-tab='main']").GetAttribute("data-status");
        Get<TabEventHub>().Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"running"}""", DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-tab='main']").GetAttribute("data-status")));
        Get<TabEventHub>().Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"idle","parked":true}""", DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => Assert.Equal("parked", cut.Find("[data-tab='main']").GetAttribute("data-status")));

        Assert.Equal("parked", parked);
        Assert.Contains("Parked", cut.Find("[data-tab='main'] .status-dot").GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstTab_StartsInTheDefaultModeFromTheSettings()
    {
        await Get<Grove.Services.Settings.ISettingsService>().SaveAsync(new Dictionary<string, string?> { [Grove.Services.SettingKeys.DefaultAgentMode] = "plan" }, Ct);
        var cut = Render<TabStrip>(p => p
            .Add(s => s.WorkspaceId, Workspace.Id)
            .Add(s => s.Tabs, Array.Empty<AgentTab>()));

        await cut.Find("[data-action='new-tab']").ClickAsync(new MouseEventArgs());
        // Claude Code and Codex are registered: "+" asks which agent.
        await cut.WaitForElement("[data-action='new-tab-kind'][data-kind='claude-code']").ClickAsync(new MouseEventArgs());

        var created = Assert.Single(await ListTabsAsync());
        Assert.Equal(AgentMode.Plan, created.Mode);
    }

    [Fact]
    public async Task Rename_Inline_SavesOnEnter_CancelsOnEscape_AndRefusesADuplicate()
    {
        var main = await CreateTabAsync("main");
        await CreateTabAsync("other");
        var cut = await RenderStripAsync(main);

        await cut.Find("[data-tab='main'] .tab-link").DoubleClickAsync(new MouseEventArgs());
        await cut.Find("[data-test='tab-rename']").InputAsync(new ChangeEventArgs { Value = "  planning  " });
        await cut.Find("[data-test='tab-rename']").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        await RefreshAsync(cut);

        Assert.Equal("planning", (await Tabs.ResolveAsync(main.Id, Ct)).Name);
        Assert.NotNull(cut.Find("[data-tab='planning']"));
        Assert.Empty(cut.FindAll("[data-test='tab-rename']"));

        await cut.Find("[data-tab='planning'] [data-action='tab-menu']").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-action='rename-tab']").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-test='tab-rename']").InputAsync(new ChangeEventArgs { Value = "discarded" });
        await cut.Find("[data-test='tab-rename']").KeyDownAsync(new KeyboardEventArgs { Key = "Escape" });
        Assert.Equal("planning", (await Tabs.ResolveAsync(main.Id, Ct)).Name);

        await cut.Find("[data-tab='planning'] .tab-link").DoubleClickAsync(new MouseEventArgs());
        await cut.Find("[data-test='tab-rename']").InputAsync(new ChangeEventArgs { Value = "Other" });
        await cut.Find("[data-test='tab-rename']").BlurAsync(new FocusEventArgs());

        Assert.Equal("planning", (await Tabs.ResolveAsync(main.Id, Ct)).Name);
        Assert.Contains(Services.GetRequiredService<Toasts>().Items, t => t.Kind == ToastKind.Error && t.Message.Contains("already has a tab named 'Other'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Close_AsksFirst_ThenDeletesTheTabAndItsTranscript_AndOpensTheNeighbour()
    {
        var first = await CreateTabAsync("first");
        var second = await CreateTabAsync("second");
        var transcripts = Get<ITranscriptStore>();
        await transcripts.AppendAsync(new UserEvent("hello").ToTranscriptEvent(second.Id, DateTimeOffset.UnixEpoch), Ct);
        var cut = await RenderStripAsync(second);

        await cut.Find("[data-tab='second'] [data-action='close-tab']").ClickAsync(new MouseEventArgs());

        Assert.Contains("second", cut.Find("[role='dialog']").GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Equal(2, (await ListTabsAsync()).Count);

        await cut.Find("[data-action='confirm-close-tab']").ClickAsync(new MouseEventArgs());

        Assert.Equal([first.Id], (await ListTabsAsync()).Select(t => t.Id));
        Assert.Equal(0, await transcripts.CountAsync(second.Id, Ct));
        Assert.Equal(TabUrl(first), Navigation.Uri);
        Assert.Empty(cut.FindAll("[role='dialog']"));
    }

    [Fact]
    public async Task TheTabMenu_OffersExportsAsDownloads()
    {
        var main = await CreateTabAsync("main");
        var cut = await RenderStripAsync(main);

        await cut.Find("[data-tab='main'] [data-action='tab-menu']").ClickAsync(new MouseEventArgs { ClientX = 200, ClientY = 80 });

        var markdown = cut.Find("[data-tab-menu='main'] [data-action='export-markdown']");
        var json = cut.Find("[data-tab-menu='main'] [data-action='export-json']");
        Assert.Equal($"/api/tabs/{main.Id}/export?format=markdown", markdown.GetAttribute("href"));
        Assert.Equal($"/api/tabs/{main.Id}/export?format=json", json.GetAttribute("href"));
        Assert.True(markdown.HasAttribute("download"));
    }

    [Fact]
    public async Task StatusDots_FollowTheTabsLiveStatus()
    {
        var main = await CreateTabAsync("main");
        var failed = await Tabs.UpdateAsync((await CreateTabAsync("broken")).Id, t => t with { Status = AgentTabStatus.Error }, Ct);
        var hub = Get<IAgentRuns>().Events;
        var cut = await RenderStripAsync(main);
        string StatusOf(string name) => cut.Find($"[data-tab='{name}']").GetAttribute("data-status")!;

        Assert.Equal("idle", StatusOf("main"));
        Assert.Equal("error", StatusOf(failed.Name));

        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"running"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("running", StatusOf("main")));
        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"needsinput"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("needs-input", StatusOf("main")));
        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("done", StatusOf("main")));
        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"interrupted"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("interrupted", StatusOf("main")));
    }

    [Fact]
    public async Task Each_tab_shows_what_its_turns_cost_and_the_total_grows_when_a_turn_ends()
    {
        var main = await CreateTabAsync("main");
        var other = await CreateTabAsync("other");
        var costs = Get<ITurnCostStore>();
        await costs.AddAsync(new Grove.Core.Budgets.TurnCost(main.Id, Workspace.Id, Workspace.ProjectId, 0.25m, DateTimeOffset.UtcNow), Ct);
        await costs.AddAsync(new Grove.Core.Budgets.TurnCost(main.Id, Workspace.Id, Workspace.ProjectId, 0.5m, DateTimeOffset.UtcNow), Ct);
        var cut = await RenderStripAsync(main);

        cut.WaitForAssertion(() => Assert.Equal("$0.75", cut.Find("[data-tab='main'] [data-test='tab-cost']").TextContent));
        Assert.Empty(cut.FindAll("[data-tab='other'] [data-test='tab-cost']"));

        // A turn of the other tab ends: its cost was counted before the tab went idle.
        await costs.AddAsync(new Grove.Core.Budgets.TurnCost(other.Id, Workspace.Id, Workspace.ProjectId, 0.0031m, DateTimeOffset.UtcNow), Ct);
        Get<IAgentRuns>().Events.Publish(new LiveEvent(other.Id, null, TabEventHub.StatusKind, """{"status":"idle"}""", DateTimeOffset.UtcNow));
        cut.WaitForAssertion(() => Assert.Equal("$0.0031", cut.Find("[data-tab='other'] [data-test='tab-cost']").TextContent));
        Assert.Equal("$0.75", cut.Find("[data-tab='main'] [data-test='tab-cost']").TextContent);
    }

    [Fact]
    public async Task A_tab_waiting_for_an_agent_slot_shows_how_many_are_ahead_live()
    {
        var main = await CreateTabAsync("main");
        var hub = Get<IAgentRuns>().Events;
        var cut = await RenderStripAsync(main);
        Assert.Empty(cut.FindAll("[data-test='tab-waiting']"));

        // What the admission gate publishes while a turn waits (see TurnGate), then as its place moves up.
        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"waiting","ahead":3,"reason":"4 of 4 agents running","text":"waiting: 4 of 4 agents running, 3 ahead"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("waiting: 4 of 4 agents running, 3 ahead", cut.Find("[data-tab='main'] [data-test='tab-waiting']").TextContent));
        Assert.Equal("waiting", cut.Find("[data-tab='main']").GetAttribute("data-status"));

        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"waiting","ahead":0,"reason":"low memory, 700 MB free","text":"waiting: low memory, 700 MB free"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("waiting: low memory, 700 MB free", cut.Find("[data-tab='main'] [data-test='tab-waiting']").TextContent));

        // Admitted: the turn runs and the badge goes.
        hub.Publish(new LiveEvent(main.Id, null, TabEventHub.StatusKind, """{"status":"running"}""", DateTimeOffset.UnixEpoch));
        cut.WaitForAssertion(() => Assert.Equal("running", cut.Find("[data-tab='main']").GetAttribute("data-status")));
        Assert.Empty(cut.FindAll("[data-test='tab-waiting']"));
    }

    [Fact]
    public async Task Rename_input_is_not_rewritten_from_server_state_while_typing()
    {
        var main = await CreateTabAsync("main");
        var cut = await RenderStripAsync(main);
        await cut.Find("[data-tab='main'] .tab-link").DoubleClickAsync(new MouseEventArgs());

        // Each keystroke reaches the server as an input event; the re-render after it must not set
        // the value back (the browser may already hold more letters than this event carried).
        foreach (var typed in new[] { "m", "my", "my-", "my-t", "my-ta", "my-tab" })
        {
            await cut.Find("[data-test='tab-rename']").InputAsync(new ChangeEventArgs { Value = typed });
            Assert.Equal("main", cut.Find("[data-test='tab-rename']").GetAttribute("value"));
        }

        await cut.Find("[data-test='tab-rename']").KeyDownAsync(new KeyboardEventArgs { Key = "Enter" });
        Assert.Equal("my-tab", (await Tabs.ResolveAsync(main.Id, Ct)).Name);
    }
}
