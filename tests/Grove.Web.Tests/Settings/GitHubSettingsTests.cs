using Grove.Agents;
using Grove.Data.Stores;
using Grove.Services;
using Grove.Testing;
using Grove.Web.Components.Settings;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Web.Tests.Settings;

/// <summary>
/// Settings over the real token resolver, in a host environment with no GH_TOKEN, no gh and no
/// credential helper (plus <see cref="ExtraVariables"/>).
/// </summary>
public abstract class GitHubHostUiTestContext : UiTestContext
{
    private TempDirectory? _hostHome;

    protected virtual IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        _hostHome = new TempDirectory("grove-host-home");
        var variables = new Dictionary<string, string>(ExtraVariables) { ["PATH"] = "/usr/bin:/bin", ["HOME"] = _hostHome.Path };
        services.AddSingleton(new AgentHostEnvironment(variables, _hostHome.Path));
    }

    protected override ValueTask DisposeTestResourcesAsync()
    {
        _hostHome?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The GitHub section of Settings: the token secret, which token source is used, the API URL.</summary>
public sealed class GitHubSettingsTests : GitHubHostUiTestContext
{
    private const string Token = "ghp_SECRETVALUE-5a4b3c2d";

    [Fact]
    public async Task The_token_secret_is_set_from_the_GitHub_section_and_the_source_line_follows_it()
    {
        var view = Render<SettingsView>();
        var row = $"[data-test='settings-github'] [data-secret='{SettingKeys.GitHubTokenSecret}']";
        view.WaitForAssertion(() => Assert.Equal("none", view.Find("[data-test='github-token-source']").GetAttribute("data-source")));
        Assert.Contains("grove secret set github.token", view.Find("[data-test='github-token-source']").TextContent, StringComparison.Ordinal);
        Assert.Empty(view.FindAll($"[aria-labelledby='settings-api'] [data-secret='{SettingKeys.GitHubTokenSecret}']"));
        Assert.Single(view.FindAll($"[data-secret='{SettingKeys.GitHubTokenSecret}']"));

        view.Find($"{row} [data-action='replace-secret']").Click();
        view.WaitForElement($"[data-test='{SettingKeys.GitHubTokenSecret}']").Input(Token);
        view.Find("[data-action='save-secret']").Click();

        view.WaitForAssertion(() => Assert.Equal("secret github.token", view.Find("[data-test='github-token-source']").GetAttribute("data-source")));
        Assert.Equal("set", view.Find(row).GetAttribute("data-state"));
        Assert.Contains("from secret github.token", view.Find("[data-test='github-token-source']").TextContent, StringComparison.Ordinal);
        Assert.Equal(Token, await Get<ICredentialStore>().GetAsync(SettingKeys.GitHubTokenSecret, Ct));
        Assert.DoesNotContain("5a4b3c2d", view.Markup, StringComparison.Ordinal);

        view.Find($"{row} [data-action='clear-secret']").Click();
        view.WaitForAssertion(() => Assert.Equal("none", view.Find("[data-test='github-token-source']").GetAttribute("data-source")));
        Assert.Equal("not-set", view.Find(row).GetAttribute("data-state"));
    }

    [Fact]
    public async Task The_API_URL_is_saved_and_validated()
    {
        var view = Render<SettingsView>();

        view.Find($"[data-test='{SettingKeys.GitHubApiUrl}']").Change("github.example.com");
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.NotNull(view.Find($"[data-test='{SettingKeys.GitHubApiUrl}-error']")));

        view.Find($"[data-test='{SettingKeys.GitHubApiUrl}']").Change("https://github.example.com/api/v3");
        view.Find("[data-action='save-settings']").Click();
        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-test='settings-saved']")));
        Assert.Equal("https://github.example.com/api/v3", await Get<ISettingsStore>().GetAsync(SettingKeys.GitHubApiUrl, Ct));
    }
}

/// <summary>With GH_TOKEN in Grove's environment (and no secret) the line names it, never its value.</summary>
public sealed class GitHubSettingsFromEnvironmentTests : GitHubHostUiTestContext
{
    protected override IReadOnlyDictionary<string, string> ExtraVariables => new Dictionary<string, string> { ["GH_TOKEN"] = "ghp_FROMENV-77aa" };

    [Fact]
    public void The_source_line_names_GH_TOKEN_without_its_value()
    {
        var view = Render<SettingsView>();

        view.WaitForAssertion(() => Assert.Equal("GH_TOKEN", view.Find("[data-test='github-token-source']").GetAttribute("data-source")));
        Assert.Contains("from GH_TOKEN", view.Find("[data-test='github-token-source']").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("77aa", view.Markup, StringComparison.Ordinal);
    }
}
