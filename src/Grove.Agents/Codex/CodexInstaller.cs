using Grove.Agents.ClaudeCode;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.Codex;

/// <summary><c>npm install --prefix &lt;data&gt;/tools/codex @openai/codex@&lt;pinned&gt;</c>, then checks the version.</summary>
internal sealed class CodexInstaller(CodexOptions options, AgentHostEnvironment host, ICodexLocator locator) : ICodexInstaller
{
    public string InstallDirectory => options.OwnInstallDirectory
        ?? throw new GroveException(ErrorKind.InvalidInput, "Grove's tools folder is not configured, so Codex cannot be installed there.");

    public NpmCommand BuildInstallCommand() => new(
        OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
        ["install", "--prefix", InstallDirectory, "--no-audit", "--no-fund", "--loglevel", "error", $"{CodexVersion.PackageName}@{CodexVersion.Pinned}"]);

    public async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        var command = BuildInstallCommand();
        Directory.CreateDirectory(InstallDirectory);
        var npm = ExecutableSearch.Npm(host) ?? command.FileName;
        var result = await ShortProcess.RunAsync(npm, command.Arguments, options.InstallTimeout, host.Variables, InstallDirectory, cancellationToken);
        if (result is null)
        {
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound,
                "npm was not found on PATH; install Node.js 22 or newer (https://nodejs.org) and run `grove setup codex` again.");
        }

        if (result.TimedOut || result.ExitCode != 0)
        {
            var why = result.TimedOut ? $"timed out after {options.InstallTimeout.TotalMinutes:0} min" : $"failed with exit code {result.ExitCode}";
            var lastLines = string.Join('\n', result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"`{command}` {why}: {AgentEnvironment.Redact(lastLines, host.Variables)}");
        }

        var binary = Path.Combine(InstallDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "codex.cmd" : "codex");
        var version = File.Exists(binary) ? await locator.GetVersionAsync(binary, cancellationToken) : null;
        return version is not null
            ? binary
            : throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"npm installed {CodexVersion.PackageName} but {binary} does not run on this machine.");
    }
}
