using Grove.Agents.ClaudeCode;

namespace Grove.Agents.Codex;

/// <summary>Installs Grove's own pinned copy of Codex (for <c>grove setup codex</c>).</summary>
public interface ICodexInstaller
{
    /// <summary>The folder Grove installs into (<c>&lt;data&gt;/tools/codex</c>).</summary>
    string InstallDirectory { get; }

    /// <summary>The npm command <see cref="InstallAsync"/> runs.</summary>
    NpmCommand BuildInstallCommand();

    /// <summary>Runs npm and returns the path of <c>codex</c>.</summary>
    Task<string> InstallAsync(CancellationToken cancellationToken);
}
