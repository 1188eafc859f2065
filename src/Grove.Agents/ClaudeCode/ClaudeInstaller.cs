using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// <c>npm install --prefix &lt;data&gt;/tools/claude-code @anthropic-ai/claude-code@&lt;pinned&gt;</c>, then the
/// native-binary fix of docs §1 (npm may skip the postinstall that puts the ELF in place).
/// </summary>
internal sealed class ClaudeInstaller(ClaudeCodeOptions options, AgentHostEnvironment host) : IClaudeInstaller
{
    public string InstallDirectory => options.OwnInstallDirectory
        ?? throw new GroveException(ErrorKind.InvalidInput, "Grove's tools folder is not configured, so Claude Code cannot be installed there.");

    public NpmCommand BuildInstallCommand() => new(
        OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
        ["install", "--prefix", InstallDirectory, "--no-audit", "--no-fund", "--loglevel", "error", $"{ClaudeVersion.PackageName}@{ClaudeVersion.Pinned}"]);

    public async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        var command = BuildInstallCommand();
        Directory.CreateDirectory(InstallDirectory);
        var npm = ExecutableSearch.Npm(host) ?? command.FileName;
        var result = await ShortProcess.RunAsync(npm, command.Arguments, options.InstallTimeout, host.Variables, InstallDirectory, cancellationToken);
        if (result is null)
        {
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound,
                "npm was not found on PATH; install Node.js 22 or newer (https://nodejs.org) and run `grove setup claude` again.");
        }

        if (result.TimedOut || result.ExitCode != 0)
        {
            var why = result.TimedOut ? $"timed out after {options.InstallTimeout.TotalMinutes:0} min" : $"failed with exit code {result.ExitCode}";
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"`{command}` {why}: {AgentEnvironment.Redact(LastLines(result.StandardError), host.Variables)}");
        }

        return await NativeBinaryFix.ApplyAsync(InstallDirectory, cancellationToken)
            ?? throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"npm installed {ClaudeVersion.PackageName} but no native Claude Code binary for this platform was found in {InstallDirectory}.");
    }

    private static string LastLines(string text) =>
        string.Join('\n', text.Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(10));
}
