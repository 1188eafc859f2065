namespace Grove.Core.Mcp;

/// <summary>How Grove talks to an MCP server.</summary>
public enum McpTransport
{
    /// <summary>A local process over stdin/stdout (command, args, env).</summary>
    Stdio,

    /// <summary>Streamable HTTP (url, headers).</summary>
    Http,

    /// <summary>The legacy HTTP + server-sent events transport (url, headers).</summary>
    Sse,
}

/// <summary>Where a server definition lives, as Claude Code names it.</summary>
public enum McpScope
{
    /// <summary><c>~/.claude.json</c> top-level <c>mcpServers</c>: every project.</summary>
    User,

    /// <summary>The project's <c>.mcp.json</c> (shared through the repository; needs trust).</summary>
    Project,

    /// <summary><c>~/.claude.json</c> <c>projects[&lt;path&gt;].mcpServers</c>: this project, this user only.</summary>
    Local,
}

/// <summary>
/// One MCP server as Claude Code would start it (variables already expanded when read from
/// <c>.mcp.json</c>). Stdio uses Command/Args/Env; http and sse use Url/Headers.
/// </summary>
public sealed record McpServerDefinition
{
    public required string Name { get; init; }

    public McpTransport Transport { get; init; } = McpTransport.Stdio;

    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>"stdio", "http" or "sse" (the <c>type</c> key Claude Code writes).</summary>
    public string TypeName => Transport switch
    {
        McpTransport.Http => "http",
        McpTransport.Sse => "sse",
        _ => "stdio",
    };

    /// <summary>A one-line description: the command line or the URL.</summary>
    public string Target => Transport == McpTransport.Stdio
        ? string.Join(' ', new[] { Command ?? "" }.Concat(Args))
        : Url ?? "";
}

/// <summary>The file and scope a definition was read from.</summary>
public sealed record McpServerOrigin(McpScope Scope, string File)
{
    public string ScopeName => Scope.ToString().ToLowerInvariant();
}

/// <summary>What a probe found.</summary>
public enum McpServerStatus
{
    /// <summary>Not probed yet.</summary>
    Unknown,
    Connected,
    Failed,
    NeedsSignIn,
    NotTrusted,
    Disabled,
}

/// <summary>A tool a server offers.</summary>
public sealed record McpToolInfo(string Name, string? Description);

/// <summary>The result of connecting to a server: status, identity, tools and counts, or the error in one line.</summary>
public sealed record McpProbeResult
{
    public required McpServerStatus Status { get; init; }

    public string? ServerName { get; init; }

    public string? ServerVersion { get; init; }

    public IReadOnlyList<McpToolInfo> Tools { get; init; } = [];

    public int PromptCount { get; init; }

    public int ResourceCount { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset? ProbedAt { get; init; }

    public static McpProbeResult Of(McpServerStatus status, string? error = null) => new() { Status = status, Error = error };
}

/// <summary>
/// A server as a front end shows it: the definition that wins for its name, where it comes from,
/// the definitions it hides (lower precedence, same name), whether it is enabled and trusted here,
/// and the last probe.
/// </summary>
public sealed record McpServerView
{
    /// <summary>The definition as the agent gets it (<c>${VAR}</c> expanded in <c>.mcp.json</c>).</summary>
    public required McpServerDefinition Definition { get; init; }

    /// <summary>
    /// The definition as written in its file (<c>${VAR}</c> not expanded): what an edit form starts
    /// from, so saving an edit never writes an expanded value (a secret) into <c>.mcp.json</c>.
    /// </summary>
    public McpServerDefinition? Written { get; init; }

    /// <summary><see cref="Written"/>, or <see cref="Definition"/> where the file needs no expansion.</summary>
    public McpServerDefinition AsWritten => Written ?? Definition;

    public required McpServerOrigin Origin { get; init; }

    public IReadOnlyList<McpServerOrigin> Shadowed { get; init; } = [];

    public bool Enabled { get; init; } = true;

    /// <summary>Where the enable switch that applies was set: null (default), "project" or "workspace".</summary>
    public string? EnabledBy { get; init; }

    /// <summary>False only for a project-scope server whose current definitions the user has not approved.</summary>
    public bool Trusted { get; init; } = true;

    public McpProbeResult Probe { get; init; } = McpProbeResult.Of(McpServerStatus.Unknown);

    public string Name => Definition.Name;

    /// <summary>Why a run would leave this server out, or null when it is handed to the agent.</summary>
    public string? ExcludedBecause => !Enabled ? "disabled"
        : !Trusted ? "not trusted (approve the project's .mcp.json)"
        : Probe.Status == McpServerStatus.NeedsSignIn ? "needs sign-in"
        : Probe.Status == McpServerStatus.Failed ? $"failed: {Probe.Error}"
        : null;
}

/// <summary>The project's <c>.mcp.json</c> servers awaiting (or holding) the user's approval.</summary>
public sealed record McpTrustState(string ProjectId, string File, IReadOnlyList<McpServerDefinition> Servers, bool Trusted, string Hash);

/// <summary>
/// The servers of one place: Grove-wide (no project: user scope only), a project, or a workspace
/// (its project's servers, with the workspace's own enable switches).
/// </summary>
public sealed record McpServerList(
    string? ProjectId,
    string? ProjectName,
    string? WorkspaceId,
    string? WorkspaceName,
    IReadOnlyList<McpServerView> Servers,
    McpTrustState? Trust);

/// <summary>A server to add (or replace) in the file of <see cref="Scope"/>; project and local scope need <see cref="Project"/>.</summary>
public sealed record McpAddRequest(McpServerDefinition Definition, McpScope Scope, string? Project);
