using Grove.Core.Agents;

namespace Grove.Services.Agents.Usage;

/// <summary>
/// CPU % and resident memory of each running agent's process tree, from one sampler for all agents
/// (every <see cref="AgentUsageSampler.Interval"/> while agent processes run; nothing is read when none
/// runs). The first sample of a process has no CPU yet (0%): CPU is the difference between two samples.
/// </summary>
public interface IAgentUsage
{
    /// <summary>The last sample of every running agent.</summary>
    IReadOnlyList<AgentUsage> Current { get; }

    /// <summary>The last sample of one tab's agent; null when none runs (or it was not sampled yet).</summary>
    AgentUsage? For(string tabId);

    /// <summary>The running agents of each workspace, summed.</summary>
    IReadOnlyList<WorkspaceUsage> ByWorkspace();

    /// <summary>Takes a sample now (also what the timer does).</summary>
    Task SampleAsync(CancellationToken cancellationToken = default);

    /// <summary>Raised after each sample that saw running agents, or the last one went away.</summary>
    event Action? Sampled;
}
