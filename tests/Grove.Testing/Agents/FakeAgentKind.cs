using System.Diagnostics;
using Grove.Agents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Grove.Testing.Agents;

/// <summary>
/// A second kind of agent for tests that need more than Claude Code without Codex: the real
/// fake agent program (tests/Grove.FakeAgent, <c>turns</c> script: it answers each message with
/// "ok: &lt;text&gt;") driven by the Claude driver's protocol, registered under another kind with its
/// own program probe. The test project must reference Grove.FakeAgent (its program lands beside the tests).
/// </summary>
public static class FakeAgentKind
{
    /// <summary>The kind tests register by default.</summary>
    public const string Kind = "fake-two";

    public const string DisplayName = "Fake Two";

    /// <summary>The fake agent program built beside the test assembly.</summary>
    public static string ProgramPath { get; } =
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "Grove.FakeAgent.exe" : "Grove.FakeAgent");

    /// <summary>
    /// Registers the kind's driver and probe. With <paramref name="installed"/> false the probe reports a
    /// program that is missing (as a kind whose CLI is not installed) and the driver refuses to start.
    /// </summary>
    public static IServiceCollection AddFakeAgentKind(this IServiceCollection services, string kind = Kind, string displayName = DisplayName, bool installed = true)
    {
        var script = Path.Combine(Path.GetTempPath(), $"grove-fake-kind-{Environment.ProcessId}.json");
        File.WriteAllText(script, """[{"op":"turns"}]""");
        var program = installed ? ProgramPath : Path.Combine(Path.GetTempPath(), "grove-no-such-agent", "missing");
        services.AddSingleton<IAgentDriver>(sp => new Driver(kind, sp, program, script));
        services.AddSingleton<IAgentProgramProbe>(new Probe(kind, displayName, program));
        return services;
    }

    /// <summary>Runs the fake agent through the registered Claude Code driver (same protocol), under <c>kind</c>.</summary>
    private sealed class Driver(string kind, IServiceProvider services, string program, string script) : IAgentDriver
    {
        public string Kind => kind;

        public Task<IAgentSession> StartAsync(AgentStartOptions options, CancellationToken cancellationToken)
        {
            if (!File.Exists(program))
            {
                throw new Grove.Core.Agents.AgentException(Grove.Core.Agents.AgentErrorKind.ExecutableMissing, Grove.Core.Errors.ErrorKind.NotFound, $"{program} is not installed.");
            }

            var claude = services.GetServices<IAgentDriver>().First(d => d.Kind == "claude-code");
            var environment = new Dictionary<string, string>(options.Environment ?? new Dictionary<string, string>(), StringComparer.Ordinal)
            {
                ["FAKE_AGENT_SCRIPT"] = script,
            };
            return claude.StartAsync(options with { ExecutablePath = program, Environment = environment }, cancellationToken);
        }
    }

    /// <summary>Runs the program's <c>--version</c> (a real process), like a driver's probe does.</summary>
    private sealed class Probe(string kind, string displayName, string program) : IAgentProgramProbe
    {
        public string Kind => kind;

        public string DisplayName => displayName;

        public async Task<AgentProgramStatus> ProbeAsync(CancellationToken cancellationToken = default)
        {
            if (!File.Exists(program))
            {
                return new AgentProgramStatus(kind, displayName, false, null, null, "not found", null, $"Not installed; run grove setup {kind} to install it.");
            }

            using var process = Process.Start(new ProcessStartInfo(program, "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var version = output.Split(' ', 2)[0].Trim();
            return new AgentProgramStatus(kind, displayName, true, program, version, "test build", "no sign-in needed", null);
        }
    }
}
