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

    public NpmCommand BuildInstallCommand() => NpmInstall.Command(InstallDirectory, CodexVersion.PackageName, CodexVersion.Pinned);

    public async Task<string> InstallAsync(CancellationToken cancellationToken)
    {
        await NpmInstall.RunAsync(BuildInstallCommand(), InstallDirectory, options.InstallTimeout, host, "grove setup codex", cancellationToken);
        var binary = Path.Combine(InstallDirectory, "node_modules", ".bin", OperatingSystem.IsWindows() ? "codex.cmd" : "codex");
        var version = File.Exists(binary) ? await locator.GetVersionAsync(binary, cancellationToken) : null;
        return version is not null
            ? binary
            : throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.Unexpected,
                $"npm installed {CodexVersion.PackageName} but {binary} does not run on this machine.");
    }
}
