namespace Grove.Agents.Codex;

/// <summary>Settings of the Codex driver.</summary>
public sealed class CodexOptions
{
    /// <summary>The environment variable that names a <c>codex</c> program (CI and tests set it).</summary>
    public const string PathVariable = "GROVE_CODEX_PATH";

    /// <summary>A configured path to the <c>codex</c> program (setting <c>codex.path</c>); when set, only this one is tried.</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>Where Grove installs its own copy (<c>&lt;data&gt;/tools</c>); null to skip that place.</summary>
    public string? ToolsDirectory { get; set; }

    /// <summary>
    /// Codex's own state folder (<c>CODEX_HOME</c>: threads, config, login), under Grove's data folder
    /// so Grove never writes into the user's <c>~/.codex</c>. Null leaves Codex's default.
    /// </summary>
    public string? HomeDirectory { get; set; }

    /// <summary>How long <c>codex --version</c> and <c>codex login status</c> may take.</summary>
    public TimeSpan VersionTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long <c>npm prefix -g</c> may take.</summary>
    public TimeSpan NpmTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long <c>npm install</c> may take (the package is ~420 MB).</summary>
    public TimeSpan InstallTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long the app server may take to answer a request (initialize, thread start, interrupt).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After an interrupt, how long the turn may take to end before the process tree is killed.</summary>
    public TimeSpan InterruptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Grove's own install folder for Codex.</summary>
    public string? OwnInstallDirectory => ToolsDirectory is null ? null : Path.Combine(ToolsDirectory, "codex");
}
