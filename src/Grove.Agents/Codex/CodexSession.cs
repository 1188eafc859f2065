using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.Codex;

/// <summary>
/// A long-lived <c>codex app-server</c> process for one tab, spoken to in JSON-RPC over stdio. Split
/// by role: this file holds state and start-up, <c>.Reading</c> the stdout/stderr loops and the end
/// of the process, <c>.Thread</c> initialize and thread start/resume, <c>.Commands</c> what callers send.
/// </summary>
internal sealed partial class CodexSession : IAgentSession
{
    /// <summary>The longest line Grove reads from Codex (a huge command output in one item).</summary>
    public const int MaxLineBytes = 10 * 1024 * 1024;

    private readonly Process _process;
    private readonly CodexCommand _command;
    private readonly CodexOptions _options;
    private readonly CodexSessionSettings _settings;
    private readonly ILogger _logger;
    private readonly Stream _stdin;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly CodexEventMapper _mapper = new($"codex-{Guid.NewGuid().ToString("N")[..8]}");
    private readonly StderrTail _stderr = new();
    private readonly RotatingLineLog? _rawLog;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<CodexLine>> _pendingRequests = new();
    private readonly ConcurrentDictionary<string, (PermissionRequestEvent Request, System.Text.Json.JsonElement RpcId)> _pendingPermissions = new(StringComparer.Ordinal);
    private readonly Task _completion;
    private readonly CancellationTokenSource _stopReading = new();
    private TaskCompletionSource _nextResult = NewSignal();
    private int _turnRunning;
    private long _nextRequestId;
    private volatile bool _stopping;
    private volatile string? _exitReason;
    private volatile string? _threadId;
    private int? _exitCode;
    private volatile bool _disposed;

    private CodexSession(Process process, CodexCommand command, CodexOptions options, CodexSessionSettings settings, ILogger logger)
    {
        _process = process;
        _command = command;
        _options = options;
        _settings = settings;
        _logger = logger;
        _stdin = process.StandardInput.BaseStream;
        _rawLog = settings.RawLogPath is null ? null : new RotatingLineLog(settings.RawLogPath, onError: ex => LogRawLogFailed(_logger, settings.RawLogPath, ex.Message));
        _mapper.Model = settings.Model;
        ProcessId = process.Id;
        var stderr = Task.Run(() => ReadStderrAsync(process.StandardError.BaseStream));
        _completion = Task.Run(() => ReadStdoutAsync(process.StandardOutput.BaseStream, stderr));
    }

    public string Kind => CodexDriver.DriverKind;

    public string? SessionId => _threadId;

    public int ProcessId { get; }

    public bool HasExited => _exitCode is not null || ProcessHasExited();

    public int? ExitCode => _exitCode;

    public string StderrTail => AgentEnvironment.Redact(_stderr.ToString(), _command.Environment);

    public IReadOnlyCollection<PermissionRequestEvent> PendingPermissions => [.. _pendingPermissions.Values.Select(p => p.Request)];

    public ChannelReader<AgentEvent> Events => _events.Reader;

    public Task Completion => _completion;

    public IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Starts the process described by <paramref name="command"/>; throws ExecutableMissing when it cannot start.</summary>
    public static CodexSession Start(CodexCommand command, CodexOptions options, CodexSessionSettings settings, ILogger logger)
    {
        if (!Directory.Exists(command.WorkingDirectory))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree folder '{command.WorkingDirectory}' does not exist.");
        }

        var startInfo = new ProcessStartInfo(command.FileName)
        {
            WorkingDirectory = command.WorkingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (key, value) in command.Environment)
        {
            startInfo.Environment[key] = value;
        }

        if (AgentProcessLauncher.Detaches && !File.Exists(command.FileName))
        {
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound,
                $"Codex could not be started from '{command.FileName}' (no such file); {CodexVersion.InstallHint}.");
        }

        AgentProcessLauncher.Wrap(startInfo);
        var process = new Process { StartInfo = startInfo };
        try
        {
            AgentProcessLauncher.Start(process);
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new AgentException(AgentErrorKind.ExecutableMissing, ErrorKind.NotFound,
                $"Codex could not be started from '{command.FileName}' ({ex.Message}); {CodexVersion.InstallHint}.", ex);
        }

        LogStarted(logger, process.Id, command.ToString(), AgentEnvironment.DescribeKeys(command.Environment));
        return new CodexSession(process, command, options, settings, logger);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        if (!HasExited)
        {
            await StopAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
        }

        await Observe(_completion);
        _disposed = true;
        _rawLog?.Dispose();
        _process.Dispose();
    }

    private bool ProcessHasExited()
    {
        try
        {
            return _disposed || _process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Publish(AgentEvent agentEvent) => _events.Writer.TryWrite(agentEvent);

    private static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or GroveException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started Codex (pid {ProcessId}): {Command}; environment keys: {EnvironmentKeys}")]
    private static partial void LogStarted(ILogger logger, int processId, string command, string environmentKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "Codex (pid {ProcessId}) exited with code {ExitCode} (stop requested: {Stopping})")]
    private static partial void LogExited(ILogger logger, int processId, int exitCode, bool stopping);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Codex (pid {ProcessId}) asked '{Method}', which Grove does not handle; answered with an error")]
    private static partial void LogUnhandledRequest(ILogger logger, int processId, string method);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Codex (pid {ProcessId}) printed a line Grove could not read ({Problem}): {Line}")]
    private static partial void LogMalformed(ILogger logger, int processId, string problem, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading Codex's output (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogStdoutFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Interrupting Codex (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogInterruptFailed(ILogger logger, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Codex (pid {ProcessId}) did not exit within {GraceSeconds} s of closing stdin; killing it")]
    private static partial void LogKilledAfterGrace(ILogger logger, int processId, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot write the raw Codex log {Path}: {Reason}")]
    private static partial void LogRawLogFailed(ILogger logger, string path, string reason);
}

/// <summary>What a Codex session needs beyond its command line: the thread to resume, mode, model and raw log.</summary>
internal sealed record CodexSessionSettings(string WorkingDirectory, string? ResumeThreadId, AgentMode Mode, string? Model, string? RawLogPath)
{
    /// <summary>The MCP servers Grove configured (Codex's names); the first turn waits for them to start.</summary>
    public IReadOnlyList<string> McpServers { get; init; } = [];
}
