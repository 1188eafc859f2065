using Grove.Server.Tests.TestServices;
using Grove.Services;
using Grove.Services.Agents;
using Grove.Services.Settings;
using Grove.Testing;
using Grove.Testing.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Grove.Server.Tests;

/// <summary>
/// Codex in Chromium from the UI (issue 16): the real Codex CLI against a fake Responses API, a Codex
/// tab opened from the "+" menu beside a Claude tab; its command asks in the same approval bar, its
/// reply streams into the same transcript, and the file it made shows in the same changes panel.
/// </summary>
public sealed class CodexBrowserTests
{
    [Fact]
    public async Task A_codex_tab_opened_from_the_plus_menu_asks_before_its_command_and_its_file_shows_in_the_changes()
    {
        using var cli = new CodexCliHarness();
        await using var api = await FakeResponsesServer.StartAsync(ServerBed.Ct);
        await using var bed = await ServerBed.StartAsync(configureServices: services => services.AddSingleton(_ =>
        {
            var options = new AgentRunOptions { PartialCheckpointInterval = TimeSpan.FromMilliseconds(50) };
            foreach (var (key, value) in cli.Environment.Where(v => v.Key is not ("CODEX_HOME" or "OPENAI_API_KEY")))
            {
                options.ExtraEnvironment[key] = value;
            }

            return options;
        }));
        var settings = bed.Server.Services.GetRequiredService<ISettingsService>();
        await settings.SetAsync(SettingKeys.CodexPath, cli.BinaryPath, ServerBed.Ct);
        await settings.SetAsync(SettingKeys.CodexBaseUrl, api.ApiBaseUrl, ServerBed.Ct);
        await settings.SetAsync(SettingKeys.CodexModel, CodexCliHarness.Model, ServerBed.Ct);
        await settings.SetSecretAsync(SettingKeys.OpenAIKeySecret, "sk-grove-ui", ServerBed.Ct);
        using var repo = TestRepository.Create();
        var workspace = await bed.CreateWorkspaceAsync(repo, "with-codex");
        var main = await bed.PostJsonAsync($"api/workspaces/{workspace}/tabs", new { name = "main" });
        api.Enqueue(FakeResponsesTurn.Shell("call_ui", "touch made-by-codex.txt"), FakeResponsesTurn.Text("Made the file."));

        await using var browser = await Browser.LaunchAsync();
        var page = await browser.NewPageAsync();
        await page.GotoAsync(bed.Server.LoginUrl);
        await page.GotoAsync(new Uri(bed.BaseAddress, $"/w/{workspace}/t/{main.GetProperty("id").GetString()}").ToString());
        await GroveBed.WaitInteractiveAsync(page);
        await page.Locator("[data-action='new-tab']").ClickAsync();
        await page.Locator("[data-test='new-tab-menu'] [data-action='new-tab-kind'][data-kind='codex']").ClickAsync();
        var tab = page.Locator("[data-tab='Agent 2']");
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(tab.Locator("[data-test='tab-agent']")).ToHaveTextAsync("Codex");

        await GroveBed.SendMessageAsync(page, "make a file");
        var allow = page.Locator("[data-action='allow-once']");
        await allow.WaitForAsync(new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-tool='Bash']").First).ToContainTextAsync("touch made-by-codex.txt");
        await Expect(page.Locator("[data-test='transcript']")).ToContainTextAsync("Codex 0.171.0");
        Assert.False(File.Exists(Path.Combine(WorktreeOf(bed, workspace), "made-by-codex.txt")));
        await Browser.ScreenshotAsync(page, "codex-approval");
        await allow.ClickAsync();

        await Expect(page.Locator("[data-test='transcript']")).ToContainTextAsync("Made the file.", new() { Timeout = 90_000 });
        await Expect(page.Locator("[data-test='changes-panel'] [data-file='made-by-codex.txt']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.EvaluateAsync("() => document.documentElement.setAttribute('data-theme', 'dark')");
        await Browser.ScreenshotAsync(page, "codex-tab-dark");
        var request = await api.WaitForRequestAsync(1, ServerBed.Ct);
        Assert.Equal("Bearer sk-grove-ui", request.Headers["Authorization"]);
    }

    private static string WorktreeOf(ServerBed bed, string workspace) =>
        bed.Server.Services.GetRequiredService<Grove.Services.Workspaces.IWorkspaceService>().ResolveAsync(workspace, ServerBed.Ct).GetAwaiter().GetResult().WorktreePath;
}
