using Grove.Agents.ClaudeCode;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Processes;

/// <summary>
/// The one way Grove installs a pinned agent CLI from npm into its tools folder: the command line
/// (for display and for running) and the run, with one-line errors for a missing npm, a timeout or a
/// failed install (stderr's last lines, secrets masked). Each agent checks what npm put there itself.
/// </summary>
internal static class NpmInstall
{
    public static NpmCommand Command(string installDirectory, string package, string version) => new(
        OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
        ["install", "--prefix", installDirectory, "--no-audit", "--no-fund", "--loglevel", "error", $"{package}@{version}"]);

    /// <summary>Runs <paramref name="command"/> in <paramref name="installDirectory"/>; <paramref name="setupCommand"/> names the retry (e.g. <c>grove setup codex</c>).</summary>
    public static async Task RunAsync(NpmCommand command, string installDirectory, TimeSpan timeout, AgentHostEnvironment host, string setupCommand, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(installDirectory);
        var npm = ExecutableSearch.Npm(host) ?? command.FileName;
        var result = await ShortProcess.RunAsync(npm, command.Arguments, timeout, host.Variables, installDirectory, cancellationToken)
            ?? throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound,
                $"npm was not found on PATH; install Node.js 22 or newer (https://nodejs.org) and run `{setupCommand}` again.");
        if (result.TimedOut || result.ExitCode != 0)
        {
            var why = result.TimedOut ? $"timed out after {timeout.TotalMinutes:0} min" : $"failed with exit code {result.ExitCode}";
            var lastLines = string.Join('\n', result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"`{command}` {why}: {AgentEnvironment.Redact(lastLines, host.Variables)}");
        }
    }
}
