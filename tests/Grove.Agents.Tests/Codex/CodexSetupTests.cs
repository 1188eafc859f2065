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
