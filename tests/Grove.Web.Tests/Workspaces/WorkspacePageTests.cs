using Grove.Core.Domain;
using Grove.Services.Agents;
using Grove.Web.Components.Changes;
using Grove.Web.Components.Pages;
using Grove.Web.State;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

public sealed class WorkspacePageTests : WorkspaceUiTestContext
{
    private IRenderedComponent<WorkspacePage> RenderPage(AgentTab? tab = null) =>
        Render<WorkspacePage>(p => p.Add(w => w.WorkspaceId, Workspace.Id).Add(w => w.TabId, tab?.Id));

    private UiCommands Commands => Services.GetRequiredService<UiCommands>();

    [Fact]
    public async Task AWorkspaceWithoutTabs_OffersToStartAnAgent_WhichCreatesAndOpensOne()
    {
        var cut = RenderPage();

        await cut.Find("[data-action='start-agent']").ClickAsync(new MouseEventArgs());

        var tab = Assert.Single(await ListTabsAsync());
        Assert.Equal("Agent 1", tab.Name);
        Assert.Equal(TabUrl(tab), Navigation.Uri);
    }

    [Fact]
    public async Task TheModelMenu_OffersTheTabsOwnAgentsModels()
    {
        var claude = await CreateTabAsync("claude");
        var codex = await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id, Name = "codex", AgentKind = "codex" }, Ct);
        string[] Offered(IRenderedComponent<WorkspacePage> page) =>
            [.. page.FindAll("[data-test='model'] option").Select(o => o.GetAttribute("value") ?? "").Where(v => v.Length > 0)];

        var claudePage = RenderPage(claude);
        Assert.Equal(["sonnet", "opus", "haiku"], Offered(claudePage));

        var codexPage = RenderPage(codex);
        Assert.Contains("gpt-5.5", Offered(codexPage));
        Assert.DoesNotContain("sonnet", Offered(codexPage));
    }

    [Fact]
    public async Task TheUrlAlwaysNamesTheOpenTab()
    {
        var main = await CreateTabAsync("main");

        var cut = RenderPage();

        cut.WaitForAssertion(() => Assert.Equal(TabUrl(main), Navigation.Uri));
        Assert.Equal("main", cut.Find("[role='tab'][aria-selected='true']").GetAttribute("data-tab"));
    }

    [Fact]
    public async Task NextAndPreviousTabCommands_NavigateBetweenTabs_AndWrapAround()
    {
        var first = await CreateTabAsync("first");
        var second = await CreateTabAsync("second");
        var cut = RenderPage(first);

        await cut.InvokeAsync(() => Commands.RaiseAsync(UiCommand.NextTab));
        var afterNext = Navigation.Uri;
        await cut.InvokeAsync(() => Commands.RaiseAsync(UiCommand.PreviousTab));
        var afterPrevious = Navigation.Uri;

        Assert.Equal(TabUrl(second), afterNext);
        Assert.Equal(TabUrl(second), afterPrevious); // from the first tab, previous wraps to the last
    }

    [Fact]
    public async Task NewTabCommand_CreatesATab_AndToggleChanges_HidesAndShowsThePanel()
    {
        var main = await CreateTabAsync("main");
        var cut = RenderPage(main);
        Assert.Single(cut.FindComponents<ChangesPanel>());

        await cut.InvokeAsync(() => Commands.RaiseAsync(UiCommand.NewTab));
        await cut.InvokeAsync(() => Commands.RaiseAsync(UiCommand.ToggleChanges));

        Assert.Equal(2, (await ListTabsAsync()).Count);
        Assert.Empty(cut.FindComponents<ChangesPanel>());
        await cut.Find("[data-action='toggle-changes']").ClickAsync(new MouseEventArgs());
        Assert.Single(cut.FindComponents<ChangesPanel>());
    }

    [Fact]
    public async Task ANarrowedWindow_ClosesTheChangesPanel_AndWideningItRestoresThePanelAsTheUserLeftItWhenWide()
    {
        var main = await CreateTabAsync("main");
        var cut = RenderPage(main);

        await ResizeAsync(cut, narrow: true);
        Assert.Empty(cut.FindComponents<ChangesPanel>());
        await ResizeAsync(cut, narrow: false);
        Assert.Single(cut.FindComponents<ChangesPanel>());

        // The drawer opened and closed on the narrow window does not change what the wide one shows.
        await ResizeAsync(cut, narrow: true);
        await cut.Find("[data-action='toggle-changes']").ClickAsync(new MouseEventArgs());
        await cut.Find("[data-action='toggle-changes']").ClickAsync(new MouseEventArgs());
        await ResizeAsync(cut, narrow: false);
        Assert.Single(cut.FindComponents<ChangesPanel>());

        // Closed by the user on the wide window: it stays closed after a narrow spell.
        await cut.Find("[data-action='toggle-changes']").ClickAsync(new MouseEventArgs());
        await ResizeAsync(cut, narrow: true);
        await ResizeAsync(cut, narrow: false);
        Assert.Empty(cut.FindComponents<ChangesPanel>());
    }

    /// <summary>What MainLayout does when layout.js reports the media query changed.</summary>
    private async Task ResizeAsync(IRenderedComponent<WorkspacePage> cut, bool narrow)
    {
        Services.GetRequiredService<LayoutState>().Narrow = narrow;
        await cut.InvokeAsync(() => Commands.RaiseAsync(narrow ? UiCommand.NarrowLayout : UiCommand.WideLayout));
    }

    [Fact]
    public async Task TheModeSelector_ChangesTheTabsMode()
    {
        var main = await CreateTabAsync("main");
        var cut = RenderPage(main);

        await cut.Find("[data-test='mode']").ChangeAsync(new ChangeEventArgs { Value = "Plan" });

        Assert.Equal(AgentMode.Plan, (await Tabs.ResolveAsync(main.Id, Ct)).Mode);
        Assert.Equal("Plan", cut.Find("[data-test='mode']").GetAttribute("value"));
    }

    [Fact]
    public async Task TheStepsSelector_SetsAndClearsTheTabsMaxTurns()
    {
        var main = await CreateTabAsync("main");
        var cut = RenderPage(main);

        await cut.Find("[data-test='max-turns']").ChangeAsync(new ChangeEventArgs { Value = "10" });
        Assert.Equal(10, (await Tabs.ResolveAsync(main.Id, Ct)).MaxTurns);
        Assert.Equal("10", cut.Find("[data-test='max-turns']").GetAttribute("value"));

        await cut.Find("[data-test='max-turns']").ChangeAsync(new ChangeEventArgs { Value = "" });
        Assert.Null((await Tabs.ResolveAsync(main.Id, Ct)).MaxTurns);
    }

    [Fact]
    public async Task AllowingEverything_NeedsAConfirmation()
    {
        var main = await CreateTabAsync("main");
        var cut = RenderPage(main);

        await cut.Find("[data-test='permission-mode']").ChangeAsync(new ChangeEventArgs { Value = "Bypass" });
        Assert.Equal(PermissionMode.Ask, (await Tabs.ResolveAsync(main.Id, Ct)).PermissionMode);

        await cut.Find("[data-action='confirm-bypass']").ClickAsync(new MouseEventArgs());

        Assert.Equal(PermissionMode.Bypass, (await Tabs.ResolveAsync(main.Id, Ct)).PermissionMode);
        Assert.Equal("Bypass", cut.Find("[data-test='permission-mode']").GetAttribute("value"));
    }

    [Fact]
    public void AnUnknownWorkspace_SaysSo()
    {
        var cut = Render<WorkspacePage>(p => p.Add(w => w.WorkspaceId, "ws_missing"));

        Assert.Contains("not found", cut.Find("[data-test='workspace-error']").TextContent, StringComparison.OrdinalIgnoreCase);
    }
}
