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

    public NpmCommand BuildInstallCommand() => NpmInstall.Command(InstallDirectory, ClaudeVersion.PackageName, ClaudeVersion.Pinned);

    public async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        await NpmInstall.RunAsync(BuildInstallCommand(), InstallDirectory, options.InstallTimeout, host, "grove setup claude", cancellationToken);
        return await NativeBinaryFix.ApplyAsync(InstallDirectory, cancellationToken)
            ?? throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"npm installed {ClaudeVersion.PackageName} but no native Claude Code binary for this platform was found in {InstallDirectory}.");
    }
}
