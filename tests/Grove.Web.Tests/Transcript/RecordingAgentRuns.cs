using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Services.Agents;

namespace Grove.Web.Tests.Transcript;

/// <summary>
/// A hand-written <see cref="IAgentRuns"/> for UI tests: the real event hub, pending approvals set by
/// the test, and every answer recorded (driving a real agent would need the Claude CLI).
/// </summary>
internal sealed class RecordingAgentRuns(TabEventHub hub) : IAgentRuns
{
    private readonly List<(string RequestId, ApprovalAnswer Answer)> _answers = [];
    private readonly List<PendingApproval> _pending = [];

    public TabEventHub Events => hub;

    public bool Busy { get; set; }

    /// <summary>When set, AnswerAsync throws this (e.g. the request was already answered elsewhere).</summary>
    public GroveException? FailWith { get; set; }

    public IReadOnlyList<(string RequestId, ApprovalAnswer Answer)> Answers
    {
        get
        {
            lock (_answers)
            {
                return [.. _answers];
            }
        }
    }

    public void AddPending(PendingApproval approval)
    {
        lock (_pending)
        {
            _pending.Add(approval);
        }
    }

    public Task AnswerAsync(string requestId, ApprovalAnswer answer, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } failure)
        {
            throw failure;
        }

        lock (_answers)
        {
            _answers.Add((requestId, answer));
        }

        lock (_pending)
        {
            _pending.RemoveAll(p => p.Id == requestId);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<PendingApproval> GetPending(string? tabId = null)
    {
        lock (_pending)
        {
            return _pending.Where(p => tabId is null || p.TabId == tabId).ToList();
        }
    }

    public bool IsBusy(string tabId) => Busy;

    public Task<SendOutcome> SendAsync(string tab, string text, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<SendOutcome> SendAsync(string tab, string text, IReadOnlyList<MessageImage>? images, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public IReadOnlyList<QueuedMessage> GetQueued(string tabId) => [];

    public Task<bool> RemoveQueuedAsync(string tab, string queuedId, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public Task ClearSessionAsync(string tab, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task InterruptAsync(string tab, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public int? ProcessIdOf(string tabId) => null;

    public IReadOnlyList<RunningAgent> RunningAgents() => [];

    public Task<int> RecoverAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);

    public Task<AgentTab> ForkAsync(string tab, long atSequence, string? name = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task StopAsync(string tab, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<int> ResumeWaitingAsync(CancellationToken cancellationToken = default) => Task.FromResult(0);
}
