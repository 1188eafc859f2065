namespace Grove.Core.Workspaces;

/// <summary>Where a workspace's run script is.</summary>
public enum RunStatus
{
    /// <summary>Never started since Grove started.</summary>
    Idle,

    Running,

    /// <summary>Being stopped (the process group was signalled).</summary>
    Stopping,

    /// <summary>Ended on its own; <see cref="WorkspaceRunState.ExitCode"/> says how.</summary>
    Exited,

    /// <summary>Stopped by the user (or by archive).</summary>
    Stopped,

    /// <summary>Could not start (<see cref="WorkspaceRunState.Error"/>).</summary>
    Failed,
}

/// <summary>
/// A workspace's run script right now: status, exit code, its port range and the ports its
/// processes listen on (detected), and the number of the last output line.
/// </summary>
public sealed record WorkspaceRunState(
    string WorkspaceId,
    RunStatus Status,
    string? Command,
    int? ProcessId,
    int? ExitCode,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    PortRange? Range,
    IReadOnlyList<int> ListeningPorts,
    long LastLine,
    string? Error)
{
    public bool IsRunning => Status is RunStatus.Running or RunStatus.Stopping;

    /// <summary>Links to the detected ports (<c>http://127.0.0.1:port</c>).</summary>
    public IReadOnlyList<string> Links => [.. ListeningPorts.Select(p => $"http://127.0.0.1:{p}")];
}

/// <summary>One line the run script wrote (stdout or stderr), numbered from 1 for the run's whole life.</summary>
public sealed record RunOutputLine(long Number, string Text, bool IsError);
