using Grove.Core.Admission;

namespace Grove.Services.Admission;

/// <summary>
/// The gate every turn passes before it starts, whoever sent the message (UI, CLI, API, a queued
/// message): at most <c>agents.max_running</c> turns run at once (and <c>agents.max_running_per_project</c>
/// per project), none start while available memory is under <c>agents.min_free_memory_mb</c>, and the
/// rest wait in one first-come queue. A waiting tab reports <c>tab_status</c>
/// <c>{"status":"waiting","ahead":N,"reason":…}</c> to its subscribers and keeps
/// <see cref="Core.Domain.AgentTab.WaitingSince"/> in the database.
/// </summary>
public interface ITurnAdmission
{
    /// <summary>Why the tab's next turn waits in this process, or null when it does not wait.</summary>
    TurnWait? WaitOf(string tabId);

    /// <summary>Running and waiting counts (from the database, so any Grove process sees them) and the limits.</summary>
    Task<AdmissionSummary> SummaryAsync(CancellationToken cancellationToken = default);

    /// <summary>Every waiting tab (from the database, any process) with how many wait before it; the reason when this process knows it.</summary>
    Task<IReadOnlyDictionary<string, TurnWait>> WaitsAsync(CancellationToken cancellationToken = default);

    /// <summary>Re-reads the limits and the memory and starts what now fits (also done every few seconds while turns wait).</summary>
    Task RecheckAsync(CancellationToken cancellationToken = default);
}
