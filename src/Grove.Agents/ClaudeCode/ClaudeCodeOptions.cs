namespace Grove.Agents.ClaudeCode;

/// <summary>Settings of the Claude Code driver.</summary>
public sealed class ClaudeCodeOptions
{
    /// <summary>A configured path to the <c>claude</c> program; when set, only this one is tried.</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>Where Grove installs its own copy (<c>&lt;data&gt;/tools</c>); null to skip that place.</summary>
    public string? ToolsDirectory { get; set; }

    /// <summary>How long <c>claude --version</c> may take.</summary>
    public TimeSpan VersionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <c>npm prefix -g</c> may take.</summary>
    public TimeSpan NpmTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>npm install</c> may take.</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long to wait for the CLI to answer a control request (interrupt, mode change).</summary>
    public TimeSpan ControlTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>After an interrupt, how long the turn may take to end before the process tree is killed.</summary>
    public TimeSpan InterruptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Grove's own install folder for Claude Code.</summary>
    public string? OwnInstallDirectory => ToolsDirectory is null ? null : Path.Combine(ToolsDirectory, "claude-code");
}
