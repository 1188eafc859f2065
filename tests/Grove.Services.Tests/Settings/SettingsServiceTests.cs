using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Settings;
using Grove.Testing;

namespace Grove.Services.Tests.Settings;

public sealed class SettingsServiceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Save_StoresValidValuesNormalised_AndBlankReturnsToDefault()
    {
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();
        await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.OllamaModel] = "llama3" }, Ct);

        var result = await settings.SaveAsync(new Dictionary<string, string?>
        {
            [SettingKeys.OllamaUrl] = " http://localhost:11500 ",
            [SettingKeys.DefaultAgentMode] = "Plan",
            [SettingKeys.OllamaModel] = "",
        }, Ct);

        Assert.True(result.Succeeded);
        var store = app.App.Get<ISettingsStore>();
        Assert.Equal("http://localhost:11500", await store.GetAsync(SettingKeys.OllamaUrl, Ct));
        Assert.Equal("plan", await store.GetAsync(SettingKeys.DefaultAgentMode, Ct));
        Assert.Null(await store.GetAsync(SettingKeys.OllamaModel, Ct));
        Assert.Equal(AgentMode.Plan, await settings.GetDefaultAgentModeAsync(Ct));
    }

    [Fact]
    public async Task Save_WithOneInvalidValue_StoresNothingAndNamesTheKey()
    {
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();

        var result = await settings.SaveAsync(new Dictionary<string, string?>
        {
            [SettingKeys.OllamaModel] = "llama3",
            [SettingKeys.WorktreeRoot] = "relative/path",
            [SettingKeys.DefaultAgentMode] = "yolo",
        }, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal([SettingKeys.DefaultAgentMode, SettingKeys.WorktreeRoot], result.Errors.Keys.Order().ToArray());
        Assert.Contains("absolute path", result.Errors[SettingKeys.WorktreeRoot], StringComparison.Ordinal);
        Assert.Null(await app.App.Get<ISettingsStore>().GetAsync(SettingKeys.OllamaModel, Ct));
        Assert.Equal(AgentMode.Agent, await settings.GetDefaultAgentModeAsync(Ct));
    }

    [Fact]
    public async Task Secrets_AreListedByStateOnly_AndCanBeReplacedAndCleared()
    {
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();

        await settings.SetSecretAsync("anthropic.api_key", "  sk-ant-first  ", Ct);
        await settings.SetSecretAsync("anthropic.api_key", "sk-ant-second", Ct);

        var states = await settings.ListSecretsAsync(Ct);
        Assert.True(states.Single(s => s.Name == "anthropic.api_key").IsSet);
        Assert.False(states.Single(s => s.Name == "anthropic.auth_token").IsSet);
        Assert.Equal("sk-ant-second", await app.App.Get<ICredentialStore>().GetAsync("anthropic.api_key", Ct));

        Assert.True(await settings.ClearSecretAsync("anthropic.api_key", Ct));
        Assert.False((await settings.ListSecretsAsync(Ct)).Single(s => s.Name == "anthropic.api_key").IsSet);
        Assert.False(await settings.ClearSecretAsync("anthropic.api_key", Ct));
    }

    [Fact]
    public async Task Secrets_RefuseUnknownNamesAndEmptyValues()
    {
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();

        var unknown = await Assert.ThrowsAsync<GroveException>(() => settings.SetSecretAsync("nope.token", "x", Ct));
        var empty = await Assert.ThrowsAsync<GroveException>(() => settings.SetSecretAsync("anthropic.api_key", "   ", Ct));

        Assert.Equal(ErrorKind.InvalidInput, unknown.Kind);
        Assert.Equal(ErrorKind.InvalidInput, empty.Kind);
        Assert.Empty(await app.App.Get<ICredentialStore>().ListNamesAsync(Ct));
    }

    [Fact]
    public async Task DescribeAgent_RunsTheConfiguredProgramForItsVersion()
    {
        using var folder = new TempDirectory("grove-claude");
        var program = FakeClaudeProgram.Write(folder.Path, "2.1.400 (Claude Code)");
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();
        Assert.True((await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.ClaudePath] = program }, Ct)).Succeeded);

        var info = await settings.DescribeAgentAsync(Ct);

        Assert.Equal(program, info.Path);
        Assert.Equal("2.1.400", info.Version);
        Assert.Null(info.Error);
        Assert.Contains(SettingKeys.ClaudePath, info.Source, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeAgent_ExplainsAConfiguredProgramThatIsMissingOrTooOld()
    {
        using var folder = new TempDirectory("grove-claude");
        var old = FakeClaudeProgram.Write(folder.Path, "1.0.3 (Claude Code)");
        await using var app = await TestApp.StartAsync();
        var settings = app.App.Get<ISettingsService>();

        await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.ClaudePath] = Path.Combine(folder.Path, "nope") }, Ct);
        var missing = await settings.DescribeAgentAsync(Ct);
        await settings.SaveAsync(new Dictionary<string, string?> { [SettingKeys.ClaudePath] = old }, Ct);
        var tooOld = await settings.DescribeAgentAsync(Ct);

        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal("1.0.3", tooOld.Version);
        Assert.Contains("older than", tooOld.Error, StringComparison.Ordinal);
    }
}
