using Grove.Core.Agents;

namespace Grove.Services.Agents;

/// <summary>How a person answers a pending permission request.</summary>
public enum ApprovalChoice
{
    AllowOnce,

    /// <summary>Allow and save a rule for this workspace.</summary>
    AlwaysForWorkspace,

    /// <summary>Allow and save a rule for every workspace of the project.</summary>
    AlwaysForProject,

    Deny,

    /// <summary>ExitPlanMode: approve the plan, switch the tab to agent mode, continue the same session.</summary>
    Implement,

    /// <summary>AskUserQuestion: send the chosen answers.</summary>
    Answer,
}

public sealed record ApprovalAnswer(ApprovalChoice Choice, string? Message = null, IReadOnlyDictionary<string, string>? Answers = null)
{
    public static ApprovalAnswer Once { get; } = new(ApprovalChoice.AllowOnce);

    public static ApprovalAnswer DenyWith(string message) => new(ApprovalChoice.Deny, message);
}

/// <summary>A permission request waiting for a person.</summary>
public sealed record PendingApproval(string TabId, string WorkspaceId, PermissionRequestEvent Request, DateTimeOffset Since)
{
    public string Id => Request.RequestId;
}

/// <summary>A tab with a live agent process.</summary>
public sealed record RunningAgent(string TabId, int ProcessId);

/// <summary>
/// The outcome of sending a message: started now, or queued behind the running turn, or waiting for
/// a free agent slot (<see cref="Waiting"/>: admission control, low memory).
/// </summary>
public sealed record SendOutcome(bool Started, int QueuePosition)
{
    public Core.Admission.TurnWait? Waiting { get; init; }
}

/// <summary>A message waiting behind the running turn (oldest first); <see cref="Id"/> names it for removal.</summary>
public sealed record QueuedMessage(string Id, string Text, int ImageCount)
{
    /// <summary>
    /// Held after an interrupt: it does not start on its own, but goes first (in order) when the user
    /// sends the next message; the user may also take it back (<see cref="IAgentRuns.RemoveQueuedAsync"/>).
    /// </summary>
    public bool Held { get; init; }
}

/// <summary>
/// Runs agent turns for tabs: one agent process per running tab, one turn at a time (later
/// messages queue in order), every event appended to the transcript as it arrives and published
/// to subscribers, permission asks decided by rules or held for a person.
/// </summary>
public interface IAgentRuns
{
    TabEventHub Events { get; }

    Task<SendOutcome> SendAsync(string tab, string text, CancellationToken cancellationToken = default);

    /// <summary>Sends a message with images (checked by <see cref="MessageImages"/>: format, size, count).</summary>
    Task<SendOutcome> SendAsync(string tab, string text, IReadOnlyList<MessageImage>? images, CancellationToken cancellationToken = default);

    /// <summary>The messages queued behind the tab's running turn, oldest first.</summary>
    IReadOnlyList<QueuedMessage> GetQueued(string tabId);

    /// <summary>Takes a queued message back before it is sent; false when it already started (or never was).</summary>
    Task<bool> RemoveQueuedAsync(string tab, string queuedId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>/clear</c>: the tab's next message starts a fresh agent session (no memory of the
    /// conversation so far). The process is stopped, the stored session id forgotten and a notice
    /// appended to the transcript, which keeps everything before it. Refused while a turn runs.
    /// </summary>
    Task ClearSessionAsync(string tab, CancellationToken cancellationToken = default);

    Task AnswerAsync(string requestId, ApprovalAnswer answer, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the running turn on the user's request: the turn ends as interrupted (tab status
    /// <see cref="Core.Domain.AgentTabStatus.Interrupted"/>, an <see cref="InterruptedNotice"/> in the
    /// transcript), not as a failure. Queued messages are kept, held until the next message.
    /// </summary>
    Task InterruptAsync(string tab, CancellationToken cancellationToken = default);

    IReadOnlyList<PendingApproval> GetPending(string? tabId = null);

    bool IsBusy(string tabId);

    /// <summary>The process id of the tab's running agent, or null when none runs.</summary>
    int? ProcessIdOf(string tabId);

    /// <summary>Every tab whose agent process runs now (parked and never started ones are not listed).</summary>
    IReadOnlyList<RunningAgent> RunningAgents();

    /// <summary>Start-up: tabs left running or waiting by a crash are marked interrupted (resumable).</summary>
    Task<int> RecoverAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Forks a tab at one of its transcript events: a new tab in the same workspace holding the
    /// transcript up to that point and an agent session that resumes from the last assistant
    /// message at or before it. The original tab is not touched.
    /// </summary>
    Task<Core.Domain.AgentTab> ForkAsync(string tab, long atSequence, string? name = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Start-up of <c>grove serve</c>: messages that were waiting (for a slot, or behind a turn) when
    /// Grove stopped are queued again; tabs that were waiting for a slot ask for one again, in order.
    /// </summary>
    Task<int> ResumeWaitingAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops a tab's agent process (its session stays resumable).</summary>
    Task StopAsync(string tab, CancellationToken cancellationToken = default);
}
