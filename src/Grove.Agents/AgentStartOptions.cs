using Grove.Core.Domain;
using Grove.Core.Mcp;

namespace Grove.Agents;

/// <summary>How to start one agent session (one long-lived process per running tab).</summary>
public sealed record AgentStartOptions
{
    /// <summary>The worktree the agent works in (its current directory).</summary>
    public required string WorkingDirectory { get; init; }

    /// <summary>The agent's session id to continue (Claude: <c>--resume</c>).</summary>
    public string? ResumeSessionId { get; init; }

    /// <summary>A model alias or name; Ollama settings override it.</summary>
    public string? Model { get; init; }

    /// <summary>A cap on the agentic steps of each turn (Claude: <c>--max-turns</c>); null = none.</summary>
    public int? MaxTurns { get; init; }

    /// <summary><see cref="AgentMode.Plan"/> starts Claude with <c>--permission-mode plan</c>; Agent asks for every risky tool.</summary>
    public AgentMode Mode { get; init; } = AgentMode.Agent;

    /// <summary>
    /// The MCP servers this run gets, resolved once by Grove for every agent kind (stdio: command,
    /// args, env; http/sse: url and headers, the bearer token included). Each driver renders them in
    /// its own format (Claude: a <c>--mcp-config</c> file in <see cref="RunFolder"/> with
    /// <c>--strict-mcp-config</c>; Codex: <c>-c mcp_servers=…</c> with secrets in its environment).
    /// A list, even empty, means exactly these servers; null leaves the agent's own configuration.
    /// </summary>
    public IReadOnlyList<McpServerDefinition>? McpServers { get; init; }

    /// <summary>
    /// A folder only this user can read (mode 0700) for the files of this run that hold secrets
    /// (Claude's <c>--mcp-config</c>); the caller creates it and deletes it after the run.
    /// </summary>
    public string? RunFolder { get; init; }

    public AgentAuth? Auth { get; init; }

    /// <summary>Add the switches that turn off telemetry, update checks and feature-flag traffic.</summary>
    public bool DisableNonessentialTraffic { get; init; }

    /// <summary>Append the worktree's <c>AGENTS.md</c> to the system prompt when it exists.</summary>
    public bool AppendAgentsMd { get; init; } = true;

    /// <summary>Extra variables for the process, added last (they pass the secret filter).</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>When set, every raw stdout line is appended to this file (rotated at 10 MB).</summary>
    public string? RawLogPath { get; init; }

    /// <summary>The agent program to run for this session instead of the located one.</summary>
    public string? ExecutablePath { get; init; }
}
