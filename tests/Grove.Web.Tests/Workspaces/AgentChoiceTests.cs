using Grove.Core.Agents;
using Grove.Data.Stores;
using Grove.Services;
using Grove.Services.Agents;
using Grove.Testing;
using Grove.Testing.Agents;
using Grove.Web.Components.Settings;
using Grove.Web.Components.Workspaces;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Workspaces;

/// <summary>
/// Choosing a tab's agent in the UI with a second kind registered (the real fake agent program) and
/// one whose program is missing: the "+" menu, the new-workspace dialog, the tab label, settings.
/// </summary>
public sealed class AgentChoiceTests : WorkspaceUiTestContext
{
    protected override void ConfigureServices(IServiceCollection services) => services
        .AddFakeAgentKind()
        .AddFakeAgentKind("fake-missing", "Fake Missing", installed: false);

    [Fact]
    public async Task Plus_menu_lists_the_agents_disables_a_missing_one_and_opens_a_tab_of_the_chosen_kind()
    {
        var main = await CreateTabAsync("main");
        var cut = Render<TabStrip>(p => p
            .Add(s => s.WorkspaceId, Workspace.Id)
            .Add(s => s.Tabs, [main])
            .Add(s => s.CurrentTabId, main.Id));
        Assert.Equal("Claude", cut.Find("[data-tab='main'] [data-test='tab-agent']").TextContent);
        Assert.Equal("Runs Claude Code", cut.Find("[data-tab='main'] [data-test='tab-agent']").GetAttribute("title"));

        await cut.Find("[data-action='new-tab']").ClickAsync(new MouseEventArgs());

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-test='new-tab-kinds-loading']")), TestTimeouts.Default);
        var items = cut.FindAll("[data-action='new-tab-kind']");
        Assert.Equal(["claude-code", "codex", "fake-missing", "fake-two"], items.Select(i => i.GetAttribute("data-kind")));
        var missing = cut.Find("[data-action='new-tab-kind'][data-kind='fake-missing']");
        Assert.True(missing.HasAttribute("disabled"));
        Assert.Contains("Not installed", missing.TextContent, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-action='new-tab-kind'][data-kind='fake-two']").HasAttribute("disabled"));

        await cut.Find("[data-action='new-tab-kind'][data-kind='fake-two']").ClickAsync(new MouseEventArgs());

        var created = Assert.Single(await ListTabsAsync(), t => t.Id != main.Id);
        Assert.Equal(FakeAgentKind.Kind, created.AgentKind);
        Assert.Equal(TabUrl(created), Navigation.Uri);
        Assert.Empty(cut.FindAll("[data-test='new-tab-menu']"));
        cut.Render(p => p.Add(s => s.Tabs, [main, created]));
        Assert.Equal("Fake", cut.Find($"[data-tab='{created.Name}'] [data-test='tab-agent']").TextContent);
    }

    [Fact]
    public async Task New_workspace_dialog_starts_the_first_tab_with_the_chosen_agent()
    {
        var dialog = Render<NewWorkspaceDialog>();
        dialog.WaitForAssertion(() => Assert.Equal(4, dialog.FindAll("[data-test='agent-kind'] option").Count), TestTimeouts.Default);
        Assert.True(dialog.Find("[data-test='agent-kind'] option[value='fake-missing']").HasAttribute("disabled"));
        Assert.Contains("Not installed", dialog.Find("[data-test='agent-kind-problem'][data-kind='fake-missing']").TextContent, StringComparison.Ordinal);

        dialog.Find("[data-test='agent-kind']").Change(FakeAgentKind.Kind);
        dialog.Find("[data-test='workspace-name']").Input("second");
        dialog.WaitForAssertion(() => Assert.False(dialog.Find("[data-action='create-workspace']").HasAttribute("disabled")), TestTimeouts.Default);
        dialog.Find("[data-action='create-workspace']").Click();

        dialog.WaitForAssertion(() => Assert.Contains("/t/tab_", Navigation.Uri, StringComparison.Ordinal), TestTimeouts.Default);
        var workspace = await Get<Grove.Services.Workspaces.IWorkspaceService>().ResolveAsync("demo/second", Ct);
        Assert.Equal(FakeAgentKind.Kind, Assert.Single(await Tabs.ListAsync(workspace.Id, Ct)).AgentKind);
    }

    [Fact]
    public void New_workspace_dialog_suggests_the_chosen_agents_models()
    {
        var dialog = Render<NewWorkspaceDialog>();
        dialog.WaitForAssertion(() => Assert.Equal(4, dialog.FindAll("[data-test='agent-kind'] option").Count), TestTimeouts.Default);
        string[] Suggested() => [.. dialog.FindAll("[data-test='agent-models'] option").Select(o => o.GetAttribute("value") ?? "")];

        // Change only starts the event: the list is read once the dialog has rendered the new choice.
        dialog.Find("[data-test='agent-kind']").Change("claude-code");
        dialog.WaitForAssertion(() => Assert.Equal(["sonnet", "opus", "haiku"], Suggested()), TestTimeouts.Default);

        dialog.Find("[data-test='agent-kind']").Change("codex");
        dialog.WaitForAssertion(() =>
        {
            var codex = Suggested();
            Assert.Contains("gpt-5.5", codex);
            Assert.DoesNotContain("sonnet", codex);
        }, TestTimeouts.Default);

        dialog.Find("[data-test='agent-kind']").Change(FakeAgentKind.Kind);
        dialog.WaitForAssertion(() => Assert.Empty(Suggested()), TestTimeouts.Default);
    }

    [Fact]
    public async Task Settings_show_each_agents_program_and_save_the_default_agent()
    {
        using var folder = new TempDirectory("grove-claude");
        var claude = FakeClaudeProgram.Write(folder.Path, "2.1.400 (Claude Code)");
        await Get<ISettingsStore>().SetAsync(SettingKeys.ClaudePath, claude, Ct);

        var view = Render<SettingsView>();

        view.WaitForAssertion(() => Assert.Equal(4, view.FindAll("[data-test='agent-program']").Count), TestTimeouts.Default);
        var claudeBlock = view.Find("[data-test='agent-program'][data-kind='claude-code']");
        Assert.Contains("Claude Code 2.1.400", claudeBlock.TextContent, StringComparison.Ordinal);
        Assert.Contains("default for new tabs", claudeBlock.TextContent, StringComparison.Ordinal);
        Assert.Contains("Signs in with:", claudeBlock.TextContent, StringComparison.Ordinal);
        var two = view.Find("[data-test='agent-program'][data-kind='fake-two']");
        Assert.Contains("Fake Two 2.1.328", two.TextContent, StringComparison.Ordinal);
        Assert.Equal(FakeAgentKind.ProgramPath, two.QuerySelector("[data-test='agent-path']")!.TextContent);
        var missing = view.Find("[data-test='agent-program'][data-kind='fake-missing']");
        Assert.Equal("false", missing.GetAttribute("data-usable"));
        Assert.Contains("Not installed", missing.QuerySelector("[data-test='agent-error']")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("error-text", missing.QuerySelector("[data-test='agent-error']")!.ClassName, StringComparison.Ordinal); // not the default: a note, not an error
        Assert.Contains("Claude Code 2.1.400 · ", claudeBlock.TextContent, StringComparison.Ordinal);

        view.Find($"[data-test='{SettingKeys.DefaultAgentKind}']").Change(FakeAgentKind.Kind);
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-test='settings-saved']")), TestTimeouts.Default);
        Assert.Equal(FakeAgentKind.Kind, await Get<ISettingsStore>().GetAsync(SettingKeys.DefaultAgentKind, Ct));
        view.WaitForAssertion(() => Assert.Contains("default for new tabs", view.Find("[data-test='agent-program'][data-kind='fake-two']").TextContent, StringComparison.Ordinal), TestTimeouts.Default);
        Assert.Equal(FakeAgentKind.Kind, (await Tabs.CreateAsync(new CreateTabRequest { Workspace = Workspace.Id }, Ct)).AgentKind);
    }
}
