namespace Grove.Core.Admission;

/// <summary>Why a tab's next turn has not started yet, and how many tabs wait before it.</summary>
public sealed record TurnWait(int Ahead, string? Reason = null)
{
    /// <summary>One line for a badge or a CLI column: <c>waiting: 3 ahead</c>, <c>waiting: low memory, 700 MB free</c>.</summary>
    public string Describe() => Reason is { } reason
        ? $"waiting: {reason}{(Ahead > 0 ? $", {Ahead} ahead" : string.Empty)}"
        : $"waiting: {(Ahead == 0 ? "next" : $"{Ahead} ahead")}";
}

/// <summary>Running and waiting turns in one workspace.</summary>
public sealed record WorkspaceLoad(string WorkspaceId, string Workspace, string Project, int Running, int Waiting, int Idle);

/// <summary>What <c>grove status</c> and the API show: how many agents run, how many wait, and the limits.</summary>
public sealed record AdmissionSummary(
    int Running,
    int Waiting,
    int MaxRunning,
    int? MaxRunningPerProject,
    long? AvailableMemoryMb,
    long MinFreeMemoryMb,
    IReadOnlyList<WorkspaceLoad> Workspaces)
{
    public bool LowMemory => AvailableMemoryMb is { } free && MinFreeMemoryMb > 0 && free < MinFreeMemoryMb;
}
