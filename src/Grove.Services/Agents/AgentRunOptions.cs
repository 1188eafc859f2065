namespace Grove.Services.Agents;

/// <summary>
/// How Grove starts agent processes. Bound from settings at start-up; tests set
/// <see cref="ExtraEnvironment"/> (isolated HOME, fake API URL) and <see cref="ExecutablePath"/>.
/// </summary>
public sealed class AgentRunOptions
{
    /// <summary>The agent program; null = locate it (settings <c>claude.path</c>, PATH, npm, nvm…).</summary>
    public string? ExecutablePath { get; set; }

    /// <summary>Variables added to every agent process (after the secret filter).</summary>
    public Dictionary<string, string> ExtraEnvironment { get; } = new(StringComparer.Ordinal);

    /// <summary>Turn off the agent's telemetry, update checks and feature-flag traffic.</summary>
    public bool DisableNonessentialTraffic { get; set; } = true;

    /// <summary>Write each session's raw stdout to <c>&lt;data&gt;/logs/agents/</c> (GROVE_RAW_LOG=1).</summary>
    public bool RawLog { get; set; }

    /// <summary>How often partial text is checkpointed to the transcript while it streams.</summary>
    public TimeSpan PartialCheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long the transcript committer waits after a tab's first row before it stores every tab's
    /// waiting rows in one transaction (a flush never waits for it). Zero commits at once: a
    /// transaction for nearly every row while tabs stream (<c>GROVE_COMMIT_WINDOW_MS</c> for benches).
    /// </summary>
    public TimeSpan TranscriptCommitWindow { get; set; } = TimeSpan.FromMilliseconds(25);

    /// <summary>How long an idle agent process is kept for the next message before it is stopped.</summary>
    public TimeSpan IdleProcessTimeout { get; set; } = TimeSpan.FromMinutes(10);
}
