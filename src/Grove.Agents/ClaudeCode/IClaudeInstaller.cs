namespace Grove.Agents.ClaudeCode;

/// <summary>An npm command line (program + argument list), for display and for running without a shell.</summary>
public sealed record NpmCommand(string FileName, IReadOnlyList<string> Arguments)
{
    public override string ToString() => $"{FileName} {string.Join(' ', Arguments)}";
}

/// <summary>Installs Grove's own pinned copy of Claude Code (for <c>grove setup claude</c>).</summary>
public interface IClaudeInstaller
{
    /// <summary>The folder Grove installs into (<c>&lt;data&gt;/tools/claude-code</c>).</summary>
    string InstallDirectory { get; }

    /// <summary>The npm command <see cref="InstallAsync"/> runs.</summary>
    NpmCommand BuildInstallCommand();

    /// <summary>Runs npm, makes sure the native binary is in place, and returns the path of <c>claude</c>.</summary>
    Task<string> InstallAsync(CancellationToken cancellationToken);
}
