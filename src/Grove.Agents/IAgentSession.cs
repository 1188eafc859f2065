using System.Threading.Channels;
using Grove.Core.Agents;

namespace Grove.Agents;

/// <summary>
/// One running agent process for one tab. Events arrive on <see cref="Events"/> in order, including
/// what Grove sent (<see cref="UserEvent"/> for each message, <see cref="PermissionDecisionEvent"/>
/// for each answer), so storing the stream as it comes gives the whole transcript. The stream
/// completes when the process ends; an unexpected end is reported first as an
/// <see cref="ErrorEvent"/> (ProcessExited, or a classified kind) with exit code and stderr tail.
/// Methods are safe to call from any thread; writes to the agent are serialised.
/// </summary>
public interface IAgentSession : IAsyncDisposable
{
    /// <summary>The driver kind, e.g. <c>claude-code</c>.</summary>
    string Kind { get; }

    /// <summary>The agent's session id, once it reported one (keep it to resume later).</summary>
    string? SessionId { get; }

    int ProcessId { get; }

    /// <summary>True once the process has exited.</summary>
    bool HasExited { get; }

    /// <summary>The exit code once the process exited.</summary>
    int? ExitCode { get; }

    /// <summary>The last ~50 lines of stderr, secrets masked.</summary>
    string StderrTail { get; }

    /// <summary>Permission requests not answered yet.</summary>
    IReadOnlyCollection<PermissionRequestEvent> PendingPermissions { get; }

    /// <summary>Every event in arrival order; completes when the process has ended.</summary>
    ChannelReader<AgentEvent> Events { get; }

    /// <summary>Completes when the process has ended and the last event was published.</summary>
    Task Completion { get; }

    /// <summary><see cref="Events"/> as an async stream (one reader at a time).</summary>
    IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Asks the agent about itself (version, permission mode, models, account) without starting a
    /// turn; Claude's <c>system/init</c> only comes with the first message. Call at most once,
    /// before the first message.
    /// </summary>
    Task<AgentInfo> InitializeAsync(CancellationToken cancellationToken = default);

    /// <summary>Sends a user message; it starts a turn that ends with a <see cref="ResultEvent"/>.</summary>
    Task SendUserMessageAsync(string text, IReadOnlyList<AgentImage>? images = null, CancellationToken cancellationToken = default);

    /// <summary>Answers a <see cref="PermissionRequestEvent"/>; throws NotFound when it is not pending.</summary>
    Task RespondToPermissionAsync(string requestId, PermissionDecision decision, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stops the running turn (the process stays for the next message). When the turn does not end
    /// within the interrupt timeout, the process tree is killed and the stream ends with an error.
    /// </summary>
    Task InterruptAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes the permission mode (<c>default</c>, <c>acceptEdits</c>, <c>plan</c>…) of the running process.</summary>
    Task SetPermissionModeAsync(string mode, CancellationToken cancellationToken = default);

    /// <summary>Closes stdin so the agent finishes and exits; kills the tree after <paramref name="grace"/>.</summary>
    Task StopAsync(TimeSpan grace, CancellationToken cancellationToken = default);
}

/// <summary>An image attached to a user message.</summary>
public sealed record AgentImage(string MediaType, ReadOnlyMemory<byte> Data);
