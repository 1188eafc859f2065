using Grove.Agents.Codex;
using Grove.Agents.Tests.TestServices;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Grove.Agents.Tests.Codex;

/// <summary>Finding Codex, its command line and environment, and its program probe.</summary>
public sealed class CodexSetupTests : IDisposable
{
    private readonly TempDirectory _temp = new("grove-codex-setup");

    private string Home => _temp.Combine("home");

    private CodexLocator Locator(Dictionary<string, string> variables, string? configured = null, string? tools = null) =>
        new(new CodexOptions { ExecutablePath = configured, ToolsDirectory = tools }, new AgentHostEnvironment(variables, Home));

    [Fact]
    public async Task The_variable_wins_over_PATH_and_the_version_is_read()
    {
        var fromVariable = Scripts.Codex(_temp.Combine("ci"));
        Scripts.Codex(_temp.Combine("bin"));

        var found = await Locator(new() { ["PATH"] = _temp.Combine("bin"), [CodexOptions.PathVariable] = fromVariable }).LocateAsync(TestContext.Current.CancellationToken);

        Assert.Equal((fromVariable, new Version(0, 171, 0), CodexOptions.PathVariable), (found.ExecutablePath, found.Version, found.Source));
    }

    [Fact]
    public async Task PATH_then_Grove_s_tools_folder_are_searched_and_an_old_version_is_refused_with_the_fix()
    {
        var old = Scripts.Codex(_temp.Combine("bin"), "0.100.0");
        var tools = _temp.Combine("tools");
        var own = Scripts.Codex(Path.Combine(tools, "codex", "node_modules", ".bin"));

        var found = await Locator(new() { ["PATH"] = _temp.Combine("bin") }, tools: tools).LocateAsync(TestContext.Current.CancellationToken);
        Assert.Equal((own, "grove tools"), (found.ExecutablePath, found.Source));

        File.Delete(own);
        var error = await Assert.ThrowsAsync<AgentException>(() => Locator(new() { ["PATH"] = _temp.Combine("bin") }, tools: tools).LocateAsync(TestContext.Current.CancellationToken));
        Assert.Equal(AgentErrorKind.UnsupportedVersion, error.AgentErrorKind);
        Assert.Contains(old, error.Message, StringComparison.Ordinal);
        Assert.Contains("grove setup codex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_configured_program_says_how_to_install()
    {
        var error = await Assert.ThrowsAsync<AgentException>(() => Locator([], configured: _temp.Combine("nope")).LocateAsync(TestContext.Current.CancellationToken));

        Assert.Equal(AgentErrorKind.ExecutableMissing, error.AgentErrorKind);
        Assert.Contains("grove setup codex", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_probe_says_what_is_wrong_in_plain_words_without_repeating_the_name_shown_beside_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var empty = Directory.CreateDirectory(_temp.Combine("empty")).FullName;
        var old = Scripts.Codex(_temp.Combine("old"), "0.100.0");

        var missing = await CodexProbe(empty).ProbeAsync(ct);
        var aged = await CodexProbe(Path.GetDirectoryName(old)!).ProbeAsync(ct);

        Assert.False(missing.Usable);
        Assert.Equal(
            $"Not installed (looked in GROVE_CODEX_PATH, PATH, npm's global folder, nvm and Grove's tools folder); run grove setup codex (or npm i -g @openai/codex@{CodexVersion.Pinned}) to install it.",
            missing.Problem);
        Assert.False(aged.Usable);
        Assert.StartsWith($"Version 0.100.0 at {old} is older than the oldest supported ({CodexVersion.MinimumSupported}); run grove setup codex", aged.Problem, StringComparison.Ordinal);
        foreach (var problem in new[] { missing.Problem!, aged.Problem! })
        {
            Assert.DoesNotContain("Codex", problem, StringComparison.Ordinal); // every view shows the name beside it
            Assert.DoesNotContain('`', problem); // shown as plain text
        }

        // A session start (no name beside it) still names the program.
        var error = await Assert.ThrowsAsync<AgentException>(() => Locator(new() { ["PATH"] = empty }).LocateAsync(ct));
        Assert.StartsWith("Codex (codex) was not found", error.Message, StringComparison.Ordinal);
    }

    private IAgentProgramProbe CodexProbe(string path) =>
        new ServiceCollection()
            .AddSingleton(new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = path }, Home))
            .AddGroveAgents()
            .BuildServiceProvider()
            .GetServices<IAgentProgramProbe>().Single(p => p.Kind == "codex");

    [Fact]
    public void The_command_is_app_server_with_a_provider_for_the_base_URL_and_a_filtered_environment()
    {
        var host = new AgentHostEnvironment(
            new Dictionary<string, string>
            {
                ["PATH"] = "/usr/bin",
                ["OPENAI_API_KEY"] = "sk-from-env",
                ["ANTHROPIC_API_KEY"] = "sk-ant-secret",
                ["GITHUB_TOKEN"] = "ghp_secret",
                ["AWS_SECRET_ACCESS_KEY"] = "aws",
            },
            Home);
        var codexHome = _temp.Combine("codex-home");
        var options = new AgentStartOptions
        {
            WorkingDirectory = _temp.Path,
            Mode = AgentMode.Plan,
            Auth = new AgentAuth { OpenAiApiKey = "sk-from-grove", OpenAiBaseUrl = "http://127.0.0.1:8080/v1/" },
        };

        var command = CodexCommandBuilder.Build("/opt/codex", options, host, new CodexOptions { HomeDirectory = codexHome });

        Assert.Equal(
            ["app-server", "-c", "model_providers.grove={name=\"grove\",base_url=\"http://127.0.0.1:8080/v1\",env_key=\"OPENAI_API_KEY\",wire_api=\"responses\"}", "-c", "model_provider=grove"],
            command.Arguments);
        Assert.Equal("sk-from-grove", command.Environment["OPENAI_API_KEY"]);
        Assert.Equal(codexHome, command.Environment["CODEX_HOME"]);
        Assert.True(Directory.Exists(codexHome));
        Assert.False(command.Environment.ContainsKey("ANTHROPIC_API_KEY"));
        Assert.False(command.Environment.ContainsKey("GITHUB_TOKEN"));
        Assert.False(command.Environment.ContainsKey("AWS_SECRET_ACCESS_KEY"));
        Assert.DoesNotContain("sk-from-grove", command.ToString(), StringComparison.Ordinal);

        var fromEnvironment = CodexCommandBuilder.Build("/opt/codex", options with { Auth = null }, host, new CodexOptions());
        Assert.Equal(["app-server"], fromEnvironment.Arguments);
        Assert.Equal("sk-from-env", fromEnvironment.Environment["OPENAI_API_KEY"]);
        Assert.Equal("read-only", CodexSession.SandboxFor(AgentMode.Plan));
        Assert.Equal("workspace-write", CodexSession.SandboxFor(AgentMode.Agent));
    }

    [Fact]
    public async Task The_probe_reports_the_real_program_its_version_and_that_nobody_is_signed_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var binary = CodexCliHarness.LocateBinary();
        var services = new ServiceCollection()
            .AddSingleton(new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, Home))
            .AddGroveAgents(configureCodex: o =>
            {
                o.ExecutablePath = binary;
                o.HomeDirectory = _temp.Combine("codex-home");
            })
            .BuildServiceProvider();
        var probe = services.GetServices<IAgentProgramProbe>().Single(p => p.Kind == "codex");

        var status = await probe.ProbeAsync(ct);

        Assert.Equal(("codex", "Codex", true, "0.171.0", "configured"), (status.Kind, status.DisplayName, status.Usable, status.Version, status.Source));
        Assert.Contains("Not logged in", status.Auth, StringComparison.Ordinal);
        Assert.Contains("openai.api_key", status.Auth, StringComparison.Ordinal);

        var missing = await new ServiceCollection()
            .AddSingleton(new AgentHostEnvironment(new Dictionary<string, string> { ["PATH"] = _temp.Path }, Home))
            .AddGroveAgents(configureCodex: o => o.ExecutablePath = _temp.Combine("nope"))
            .BuildServiceProvider()
            .GetServices<IAgentProgramProbe>().Single(p => p.Kind == "codex")
            .ProbeAsync(ct);
        Assert.False(missing.Usable);
        Assert.Contains("grove setup codex", missing.Problem, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Dispose();
}
