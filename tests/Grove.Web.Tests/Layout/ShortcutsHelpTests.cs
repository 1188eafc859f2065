using Grove.Web.Components.Layout;
using Grove.Web.State;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Layout;

public sealed class ShortcutsHelpTests : UiTestContext
{
    [Fact]
    public async Task AShortcutFromShortcutsJs_RaisesItsCommand_AndQuestionMarkOpensTheList()
    {
        var module = JSInterop.SetupModule(ShortcutsHelp.ModulePath);
        var raised = new List<string>();
        Services.GetRequiredService<UiCommands>().Invoked += c =>
        {
            raised.Add(c);
            return Task.CompletedTask;
        };
        var cut = Render<ShortcutsHelp>();

        await cut.InvokeAsync(() => cut.Instance.OnShortcut(UiCommand.NextTab));
        await cut.InvokeAsync(() => cut.Instance.OnShortcut("format-disk"));
        await cut.InvokeAsync(() => cut.Instance.OnShortcut(UiCommand.ShowShortcuts));

        Assert.Equal([UiCommand.NextTab, UiCommand.ShowShortcuts], raised);
        var rows = cut.FindAll("[data-test='shortcuts-help'] [data-shortcut]").Select(r => r.GetAttribute("data-shortcut")).ToList();
        Assert.Equal(Shortcuts.All.Select(s => s.Command), rows);
        Assert.Contains("Alt+Shift+T", cut.Find($"[data-shortcut='{UiCommand.NewTab}']").TextContent, StringComparison.Ordinal);
        var init = Assert.Single(module.Invocations["init"]);
        Assert.NotNull(init.Arguments[1]);
    }

    [Fact]
    public void EveryShortcutHasOneKey_AndNoKeyIsTakenTwice()
    {
        Assert.All(Shortcuts.All, s => Assert.True(s.Code is not null ^ s.Key is not null, s.Command));
        Assert.Equal(Shortcuts.All.Count, Shortcuts.All.Select(s => s.Code ?? s.Key).Distinct().Count());
    }
}
