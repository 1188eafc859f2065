using Grove.Core.Agents;
using Grove.Services.Agents;
using Grove.Services.Settings;
using Grove.Testing;

namespace Grove.Services.Tests.Agents;

/// <summary><c>grove setup claude --check</c>'s use case: the probe's problem, with the program's name in front.</summary>
public sealed class AgentSetupTests
{
    [Fact]
    public async Task A_missing_Claude_Code_is_named_in_the_error_a_command_prints()
    {
        using var folder = new TempDirectory("grove-claude-setup");
        await using var app = await TestApp.StartAsync();
        await app.App.Get<ISettingsService>().SaveAsync(new Dictionary<string, string?> { [SettingKeys.ClaudePath] = folder.Combine("nope") }, TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<AgentException>(() => app.App.Get<IAgentSetup>().LocateClaudeAsync(TestContext.Current.CancellationToken));

        Assert.Equal(AgentErrorKind.ExecutableMissing, error.AgentErrorKind);
        Assert.StartsWith("Claude Code: '", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }
}
