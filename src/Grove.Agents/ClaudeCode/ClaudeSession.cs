using System.Collections.Concurrent;
using System.Threading.Channels;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// A long-lived <c>claude</c> process in stream-json mode for one tab. The process itself (start,
/// stdin, stdout/stderr, stop, exit) is an <see cref="AgentProcess"/>; split by role: this file holds
/// state and start-up, <c>.Reading</c> what each line means and how an exit is reported,
/// <c>.Protocol</c> the control protocol, <c>.Commands</c> what callers send.
/// </summary>
internal sealed partial class ClaudeSession : IAgentSession
{
    private readonly AgentProcess _process;
    private readonly ClaudeCodeOptions _options;
    private readonly ILogger _logger;
    private readonly StreamJsonParser _parser = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ControlResponseMessage>> _pendingControl = new();
    private readonly ConcurrentDictionary<string, PermissionRequestEvent> _pendingPermissions = new();
    private TaskCompletionSource _nextResult = NewSignal();
    private int _turnRunning;
    private long _nextRequestId;
    private volatile string? _sessionId;
    private AgentErrorKind? _lastErrorKind;

    private ClaudeSession(AgentProcess process, ClaudeCodeOptions options, ILogger logger)
    {
        _process = process;
        _options = options;
        _logger = logger;
        process.StartReading(HandleLineAsync, ExitError, OnExit);
    }

    public string Kind => ClaudeCodeDriver.DriverKind;

    public string? SessionId => _sessionId;

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.ExitCode;

    public string StderrTail => _process.StderrTail;

    public IReadOnlyCollection<PermissionRequestEvent> PendingPermissions => _pendingPermissions.Values.ToList();

    public ChannelReader<AgentEvent> Events => _process.Events;

    public Task Completion => _process.Completion;

    public IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _process.Events.ReadAllAsync(cancellationToken);

    /// <summary>Starts the process described by <paramref name="command"/>; throws ExecutableMissing when it cannot start.</summary>
    public static ClaudeSession Start(ClaudeCommand command, ClaudeCodeOptions options, string? rawLogPath, ILogger logger, ISecretRedactor? redactor = null)
    {
        var process = AgentProcess.Start(
            new AgentProcessStart(
                "Claude Code",
                command.FileName,
                command.Arguments,
                command.WorkingDirectory,
                command.Environment,
                command.ToString(),
                ClaudeVersion.InstallHint,
                StreamJsonParser.MaxLineBytes,
                rawLogPath,
                redactor),
            logger);
        return new ClaudeSession(process, options, logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (!HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }

        await _process.DisposeAsync();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Publish(AgentEvent agentEvent) => _process.Publish(agentEvent);
}
