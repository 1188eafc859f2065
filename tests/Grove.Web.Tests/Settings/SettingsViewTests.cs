using Grove.Data.Stores;
using Grove.Services;
using Grove.Testing;
using Grove.Web.Components.Settings;

namespace Grove.Web.Tests.Settings;

public sealed class SettingsViewTests : UiTestContext
{
    private const string ApiKey = "sk-ant-api03-SECRETVALUE-9f8e7d6c";

    [Fact]
    public async Task Saves_valid_settings_and_confirms()
    {
        using var root = new TempDirectory("grove-worktrees");
        var view = Render<SettingsView>();

        view.Find($"[data-test='{SettingKeys.WorktreeRoot}']").Change(root.Path + "/");
        view.Find($"[data-test='{SettingKeys.OllamaModel}']").Change("qwen2.5-coder");
        view.Find($"[data-test='{SettingKeys.UseOllama}']").Change(true);
        view.Find($"[data-test='{SettingKeys.DefaultAgentMode}']").Change("plan");
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-test='settings-saved']")));
        var store = Get<ISettingsStore>();
        Assert.Equal(root.Path, await store.GetAsync(SettingKeys.WorktreeRoot, Ct));
        Assert.Equal("qwen2.5-coder", await store.GetAsync(SettingKeys.OllamaModel, Ct));
        Assert.Equal("true", await store.GetAsync(SettingKeys.UseOllama, Ct));
        Assert.Equal("plan", await store.GetAsync(SettingKeys.DefaultAgentMode, Ct));
        Assert.Equal(root.Path, view.Find($"[data-test='{SettingKeys.WorktreeRoot}']").GetAttribute("value"));
    }

    [Fact]
    public async Task The_log_level_and_the_sentry_dsn_are_set_here_and_the_level_applies_at_once()
    {
        var view = Render<SettingsView>();

        view.Find($"[data-test='{SettingKeys.LogsLevel}']").Change("Debug");
        view.Find($"[data-test='{SettingKeys.SentryDsn}']").Change("not a dsn");
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.Contains("Sentry DSN", view.Find($"[data-test='{SettingKeys.SentryDsn}-error']").TextContent, StringComparison.Ordinal));
        Assert.Null(await Get<ISettingsStore>().GetAsync(SettingKeys.LogsLevel, Ct));

        view.Find($"[data-test='{SettingKeys.SentryDsn}']").Change("https://key@sentry.example/42");
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-test='settings-saved']")));
        Assert.Equal("debug", await Get<ISettingsStore>().GetAsync(SettingKeys.LogsLevel, Ct));
        Assert.Equal("https://key@sentry.example/42", await Get<ISettingsStore>().GetAsync(SettingKeys.SentryDsn, Ct));
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, Get<Grove.Services.Logging.GroveLogLevel>().Current);
    }

    [Fact]
    public async Task An_invalid_value_is_explained_inline_and_nothing_is_saved()
    {
        var view = Render<SettingsView>();

        view.Find($"[data-test='{SettingKeys.OllamaModel}']").Change("llama3");
        view.Find($"[data-test='{SettingKeys.OllamaUrl}']").Change("localhost:11434");
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.Contains("http(s) URL", view.Find($"[data-test='{SettingKeys.OllamaUrl}-error']").TextContent, StringComparison.Ordinal));
        Assert.NotNull(view.Find("[data-test='settings-invalid']"));
        Assert.Empty(view.FindAll("[data-test='settings-saved']"));
        Assert.Null(await Get<ISettingsStore>().GetAsync(SettingKeys.OllamaModel, Ct));

        view.Find($"[data-test='{SettingKeys.OllamaUrl}']").Change("http://localhost:11434");
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-test='settings-saved']")));
        Assert.Empty(view.FindAll($"[data-test='{SettingKeys.OllamaUrl}-error']"));
        Assert.Equal("llama3", await Get<ISettingsStore>().GetAsync(SettingKeys.OllamaModel, Ct));
    }

    [Fact]
    public async Task A_secret_is_stored_encrypted_shown_only_as_set_and_can_be_cleared()
    {
        var view = Render<SettingsView>();
        var row = $"[data-secret='anthropic.api_key']";
        Assert.Equal("not-set", view.Find(row).GetAttribute("data-state"));

        view.Find($"{row} [data-action='replace-secret']").Click();
        view.WaitForElement("[data-test='anthropic.api_key']").Input(ApiKey);
        view.WaitForAssertion(() => Assert.DoesNotContain(ApiKey, view.Markup, StringComparison.Ordinal));
        view.Find("[data-action='save-secret']").Click();

        view.WaitForAssertion(() => Assert.Equal("set", view.Find(row).GetAttribute("data-state")));
        Assert.Equal(ApiKey, await Get<ICredentialStore>().GetAsync("anthropic.api_key", Ct));
        Assert.DoesNotContain(ApiKey, view.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("9f8e7d6c", view.Markup, StringComparison.Ordinal);
        Assert.Empty(view.FindAll("[data-test='anthropic.api_key']"));

        // Replacing shows an empty field, never the stored value.
        view.Find($"{row} [data-action='replace-secret']").Click();
        Assert.Null(view.WaitForElement("[data-test='anthropic.api_key']").GetAttribute("value"));
        Assert.DoesNotContain(ApiKey, view.Markup, StringComparison.Ordinal);
        view.Find("[data-action='cancel-secret']").Click();

        view.WaitForElement($"{row} [data-action='clear-secret']").Click();
        view.WaitForAssertion(() => Assert.Equal("not-set", view.Find(row).GetAttribute("data-state")));
        Assert.Null(await Get<ICredentialStore>().GetAsync("anthropic.api_key", Ct));
    }

    [Fact]
    public async Task An_empty_secret_is_refused_inline()
    {
        var view = Render<SettingsView>();

        view.Find("[data-secret='anthropic.auth_token'] [data-action='replace-secret']").Click();
        view.WaitForElement("[data-test='anthropic.auth_token']").Input("   ");
        view.Find("[data-action='save-secret']").Click();

        view.WaitForAssertion(() => Assert.Contains("empty", view.Find("[data-test='anthropic.auth_token-error']").TextContent, StringComparison.Ordinal));
        Assert.Empty(await Get<ICredentialStore>().ListNamesAsync(Ct));
    }

    [Fact]
    public async Task Shows_the_configured_agent_program_and_its_version()
    {
        using var folder = new TempDirectory("grove-claude");
        var program = FakeClaudeProgram.Write(folder.Path, "2.1.400 (Claude Code)");
        await Get<ISettingsStore>().SetAsync(SettingKeys.ClaudePath, program, Ct);

        var view = Render<SettingsView>();

        view.WaitForAssertion(() =>
        {
            Assert.Contains("2.1.400", view.Find("[data-test='agent-version']").TextContent, StringComparison.Ordinal);
            Assert.Equal(program, view.Find("[data-test='agent-path']").TextContent);
        }, TestTimeouts.Default);

        view.Find($"[data-test='{SettingKeys.ClaudePath}']").Change(Path.Combine(folder.Path, "gone"));
        view.Find("[data-action='save-settings']").Click();

        view.WaitForAssertion(() => Assert.Contains("does not exist", view.Find("[data-test='agent-error']").TextContent, StringComparison.Ordinal), TestTimeouts.Default);
    }

    [Fact]
    public void Theme_buttons_apply_the_theme_through_the_theme_module()
    {
        var module = JSInterop.SetupModule(ThemePicker.ModulePath);
        module.Setup<string?>("current").SetResult("dark");
        module.Setup<string?>("apply", "light").SetResult("light");
        module.Setup<string?>("apply", "system").SetResult("system");

        var view = Render<SettingsView>();
        view.WaitForAssertion(() => Assert.Equal("dark", view.Find("[data-test='theme']").GetAttribute("data-theme-choice")));
        Assert.Equal("true", view.Find("[data-action='theme-dark']").GetAttribute("aria-pressed"));

        view.Find("[data-action='theme-light']").Click();
        view.WaitForAssertion(() => Assert.Equal("light", view.Find("[data-test='theme']").GetAttribute("data-theme-choice")));
        view.Find("[data-action='theme-system']").Click();
        view.WaitForAssertion(() => Assert.Equal("system", view.Find("[data-test='theme']").GetAttribute("data-theme-choice")));

        var applied = module.VerifyInvoke("apply", calledTimes: 2);
        Assert.Equal(["light", "system"], applied.Select(i => (string)i.Arguments[0]!).ToArray());
    }
}
