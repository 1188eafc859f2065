namespace Grove.Core.Domain;

/// <summary>An agent tab (a "sub-chat"): one agent session inside a workspace.</summary>
public sealed record AgentTab
{
    public required string Id { get; init; }
    public required string WorkspaceId { get; init; }
    public required string Name { get; init; }
    public string AgentKind { get; init; } = "claude-code";
    public string? SessionId { get; init; }
    public AgentMode Mode { get; init; } = AgentMode.Agent;
    public string? Model { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>What the tab is doing; a tab left running by a crash is marked interrupted at start-up.</summary>
    public AgentTabStatus Status { get; init; } = AgentTabStatus.Idle;

    /// <summary>How tool calls are approved. Asking is the default; the others are explicit opt-ins.</summary>
    public PermissionMode PermissionMode { get; init; } = PermissionMode.Ask;

    /// <summary>The readable text of the last error, cleared by the next successful turn.</summary>
    public string? LastError { get; init; }

    /// <summary>A cap on the agentic steps (API round trips) of one turn (Claude's <c>--max-turns</c>); null = no cap.</summary>
    public int? MaxTurns { get; init; }

    /// <summary>
    /// When Grove stopped the tab's idle agent process to save memory (setting <c>agents.idle_minutes</c>);
    /// null while a process runs or when it never was parked. The next message resumes the same session.
    /// </summary>
    public DateTimeOffset? ParkedAt { get; init; }

    /// <summary>Parked and ready: what the tab shows (and <c>grove tabs</c> prints) instead of idle.</summary>
    public bool IsParked => ParkedAt is not null && Status == AgentTabStatus.Idle;

    /// <summary>
    /// While running or waiting for input: the Grove process that runs the agent (<c>pid:start-ticks</c>),
    /// so start-up can tell a tab whose process died from one a live server or <c>grove run</c> owns.
    /// Internal bookkeeping: not part of the API or CLI JSON.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? RunOwner { get; init; }

    /// <summary>
    /// Set while the tab's next message waits for a free agent slot (admission control): when it
    /// started waiting, so every Grove process can tell the order ("waiting: 3 ahead") and a restart resumes it.
    /// </summary>
    public DateTimeOffset? WaitingSince { get; init; }
}

public enum AgentTabStatus
{
    Idle,
    Running,
    NeedsInput,
    Interrupted,
    Error,
}

/// <summary>Per-tab approval policy. Bypass is implemented by Grove auto-allowing, never by CLI flags.</summary>
public enum PermissionMode
{
    Ask,
    AcceptEdits,
    Bypass,
}

public enum AgentMode
{
    Plan,
    Agent,
}
