using System.Collections.Concurrent;
using System.Threading.Channels;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.Codex;

/// <summary>
/// A long-lived <c>codex app-server</c> process for one tab, spoken to in JSON-RPC over stdio. Split
/// by role (the process itself is an <see cref="AgentProcess"/>): this file holds state and start-up,
/// <c>.Reading</c> what each line means, <c>.Thread</c> initialize and thread start/resume, <c>.Commands</c> what callers send.
/// </summary>
internal sealed partial class CodexSession : IAgentSession
{
    /// <summary>The longest line Grove reads from Codex (a huge command output in one item).</summary>
    public const int MaxLineBytes = 10 * 1024 * 1024;

    private readonly AgentProcess _process;
    private readonly CodexOptions _options;
    private readonly CodexSessionSettings _settings;
    private readonly ILogger _logger;
    private readonly CodexEventMapper _mapper = new($"codex-{Guid.NewGuid().ToString("N")[..8]}");
    private readonly ConcurrentDictionary<long, TaskCompletionSource<CodexLine>> _pendingRequests = new();
    private readonly ConcurrentDictionary<string, (PermissionRequestEvent Request, System.Text.Json.JsonElement RpcId)> _pendingPermissions = new(StringComparer.Ordinal);
    private TaskCompletionSource _nextResult = NewSignal();
    private int _turnRunning;
    private long _nextRequestId;
    private volatile string? _threadId;

    private CodexSession(AgentProcess process, CodexOptions options, CodexSessionSettings settings, ILogger logger)
    {
        _process = process;
        _options = options;
        _settings = settings;
        _logger = logger;
        _mapper.Model = settings.Model;
        process.StartReading(HandleLineAsync, _process.UnexpectedExit, OnExit);
    }

    public string Kind => CodexDriver.DriverKind;

    public string? SessionId => _threadId;

    public int ProcessId => _process.ProcessId;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.ExitCode;

    public string StderrTail => _process.StderrTail;

    public IReadOnlyCollection<PermissionRequestEvent> PendingPermissions => [.. _pendingPermissions.Values.Select(p => p.Request)];

    public ChannelReader<AgentEvent> Events => _process.Events;

    public Task Completion => _process.Completion;

    public IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _process.Events.ReadAllAsync(cancellationToken);

    /// <summary>Starts the process described by <paramref name="command"/>; throws ExecutableMissing when it cannot start.</summary>
    public static CodexSession Start(CodexCommand command, CodexOptions options, CodexSessionSettings settings, ILogger logger)
    {
        var process = AgentProcess.Start(
            new AgentProcessStart(
                "Codex",
                command.FileName,
                command.Arguments,
                command.WorkingDirectory,
                command.Environment,
                command.ToString(),
                CodexVersion.InstallHint,
                MaxLineBytes,
                settings.RawLogPath),
            logger);
        return new CodexSession(process, options, settings, logger);
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Codex (pid {ProcessId}) asked '{Method}', which Grove does not handle; answered with an error")]
    private static partial void LogUnhandledRequest(ILogger logger, int processId, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Codex (pid {ProcessId}) printed a line Grove could not read ({Problem}): {Line}")]
    private static partial void LogMalformed(ILogger logger, int processId, string problem, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupting Codex (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogInterruptFailed(ILogger logger, int processId, string reason);
}

/// <summary>What a Codex session needs beyond its command line: the thread to resume, mode, model and raw log.</summary>
internal sealed record CodexSessionSettings(string WorkingDirectory, string? ResumeThreadId, AgentMode Mode, string? Model, string? RawLogPath)
{
    /// <summary>The MCP servers Grove configured (Codex's names); the first turn waits for them to start.</summary>
    public IReadOnlyList<string> McpServers { get; init; } = [];
}
