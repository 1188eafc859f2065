using Grove.Agents.ClaudeCode;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Testing;

namespace Grove.Agents.Tests.ClaudeCode;

public sealed class ClaudeLocatorTests : IDisposable
{
    private readonly TempDirectory _temp = new("grove-locate");

    private string Home => _temp.Combine("home");

    private ClaudeLocator Locator(string path = "", string? configured = null, string? tools = null) =>
        new(new ClaudeCodeOptions { ExecutablePath = configured, ToolsDirectory = tools },
            new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = path }, Home));

    private Task<ClaudeInstallation> Locate(ClaudeLocator locator) => locator.LocateAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Configured_path_is_used_and_its_version_read()
    {
        var claude = Scripts.Claude(_temp.Combine("custom"));
        Scripts.Claude(_temp.Combine("bin"));

        var found = await Locate(Locator(_temp.Combine("bin"), configured: claude));

        Assert.Equal((claude, new Version(2, 1, 328), "configured"), (found.ExecutablePath, found.Version, found.Source));
    }

    [Fact]
    public async Task Missing_configured_path_says_how_to_install()
    {
        Scripts.Claude(_temp.Combine("bin"));

        var error = await Assert.ThrowsAsync<AgentException>(() => Locate(Locator(_temp.Combine("bin"), configured: _temp.Combine("nope"))));

        Assert.Equal(AgentErrorKind.ExecutableMissing, error.AgentErrorKind);
        Assert.Equal(ErrorKind.NotFound, error.Kind);
        Assert.Contains("nope", error.Message);
        Assert.Contains("grove setup claude", error.Message);
    }

    [Fact]
    public async Task Path_is_searched_in_order()
    {
        var first = Scripts.Claude(_temp.Combine("a"));
        Scripts.Claude(_temp.Combine("b"));

        var found = await Locate(Locator($"{_temp.Combine("empty")}:{_temp.Combine("a")}:{_temp.Combine("b")}"));

        Assert.Equal((first, "PATH"), (found.ExecutablePath, found.Source));
    }

    [Fact]
    public async Task Too_old_version_is_skipped_and_reported_when_nothing_else_exists()
    {
        Scripts.Claude(_temp.Combine("old"), "1.0.9");

        var error = await Assert.ThrowsAsync<AgentException>(() => Locate(Locator(_temp.Combine("old"))));

        Assert.Equal(AgentErrorKind.UnsupportedVersion, error.AgentErrorKind);
        Assert.Contains("1.0.9", error.Message);
        Assert.Contains($"npm i -g @anthropic-ai/claude-code@{ClaudeVersion.Pinned}", error.Message);
    }

    [Fact]
    public async Task Too_old_on_path_falls_through_to_a_newer_one_elsewhere()
    {
        Scripts.Claude(_temp.Combine("old"), "1.0.9");
        var local = Scripts.Claude(Path.Combine(Home, ".claude", "local"));

        var found = await Locate(Locator(_temp.Combine("old")));

        Assert.Equal(local, found.ExecutablePath);
    }

    [Fact]
    public async Task Npm_global_prefix_bin_is_searched()
    {
        var prefix = _temp.Combine("npm-global");
        var claude = Scripts.Claude(Path.Combine(prefix, "bin"));
        Scripts.Write(_temp.Combine("tools", "npm"), $"[ \"$1 $2\" = 'prefix -g' ] && echo '{prefix}'");

        var found = await Locate(Locator(_temp.Combine("tools")));

        Assert.Equal((claude, "npm global"), (found.ExecutablePath, found.Source));
    }

    [Fact]
    public async Task Failing_npm_is_tolerated()
    {
        Scripts.Write(_temp.Combine("tools", "npm"), "exit 3");
        var local = Scripts.Claude(Path.Combine(Home, ".claude", "local"));

        Assert.Equal(local, (await Locate(Locator(_temp.Combine("tools")))).ExecutablePath);
    }

    [Fact]
    public async Task Newest_nvm_node_version_is_preferred()
    {
        Scripts.Claude(Path.Combine(Home, ".nvm", "versions", "node", "v20.9.0", "bin"));
        var newest = Scripts.Claude(Path.Combine(Home, ".nvm", "versions", "node", "v22.11.0", "bin"));

        var found = await Locate(Locator());

        Assert.Equal((newest, "nvm"), (found.ExecutablePath, found.Source));
    }

    [Fact]
    public async Task Groves_own_install_is_the_last_place()
    {
        var tools = _temp.Combine("data", "tools");
        var own = Scripts.Claude(Path.Combine(tools, "claude-code", "node_modules", ".bin"));

        var found = await Locate(Locator(tools: tools));

        Assert.Equal((own, "grove tools"), (found.ExecutablePath, found.Source));
    }

    [Fact]
    public async Task Nothing_found_says_how_to_install()
    {
        var error = await Assert.ThrowsAsync<AgentException>(() => Locate(Locator(_temp.Combine("empty"))));

        Assert.Equal(AgentErrorKind.ExecutableMissing, error.AgentErrorKind);
        Assert.Contains("grove setup claude", error.Message);
        Assert.Contains($"@anthropic-ai/claude-code@{ClaudeVersion.Pinned}", error.Message);
    }

    [Fact]
    public async Task A_program_that_prints_no_version_is_not_accepted()
    {
        Scripts.Write(_temp.Combine("bin", "claude"), "echo hello");

        Assert.Null(await Locator().GetVersionAsync(_temp.Combine("bin", "claude"), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_found_program_is_remembered_until_its_file_changes()
    {
        var claude = Scripts.Claude(_temp.Combine("bin"));
        var locator = Locator(_temp.Combine("bin"));
        await Locate(locator);

        File.Delete(claude);
        Scripts.Write(claude, "echo '1.0.0 (Claude Code)'");
        File.SetLastWriteTimeUtc(claude, DateTime.UtcNow.AddMinutes(1));

        var error = await Assert.ThrowsAsync<AgentException>(() => Locate(locator));
        Assert.Equal(AgentErrorKind.UnsupportedVersion, error.AgentErrorKind);
    }

    [Fact]
    public async Task Version_check_does_not_see_secrets()
    {
        var claude = Scripts.Write(_temp.Combine("bin", "claude"), "[ -z \"$OPENAI_API_KEY\" ] && echo '2.1.328 (Claude Code)'");
        var locator = new ClaudeLocator(new ClaudeCodeOptions(), new AgentHostEnvironment(new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk" }, Home));

        Assert.Equal(new Version(2, 1, 328), await locator.GetVersionAsync(claude, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("2.1.328 (Claude Code)", "2.1.328")]
    [InlineData("claude 3.0.1\n", "3.0.1")]
    [InlineData("v22.11.0", "22.11.0")]
    public void Parses_versions(string output, string expected)
    {
        Assert.Equal(Version.Parse(expected), ClaudeVersion.Parse(output));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Claude Code")]
    [InlineData(null)]
    public void No_version_in_text_is_null(string? output)
    {
        Assert.Null(ClaudeVersion.Parse(output));
    }

    public void Dispose() => _temp.Dispose();
}
