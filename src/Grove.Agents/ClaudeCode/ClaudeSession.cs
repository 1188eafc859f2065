using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading.Channels;
using Grove.Agents.Processes;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.ClaudeCode;

/// <summary>
/// A long-lived <c>claude</c> process in stream-json mode for one tab. Split by role: this file
/// holds state and start-up, <c>.Reading</c> the stdout/stderr loops and the end of the process,
/// <c>.Protocol</c> the control protocol, <c>.Commands</c> what callers send.
/// </summary>
internal sealed partial class ClaudeSession : IAgentSession
{
    private readonly Process _process;
    private readonly ClaudeCommand _command;
    private readonly ClaudeCodeOptions _options;
    private readonly ILogger _logger;
    private readonly Stream _stdin;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
    private readonly StreamJsonParser _parser = new();
    private readonly StderrTail _stderr = new();
    private readonly RotatingLineLog? _rawLog;
    private readonly ISecretRedactor? _redactor;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<ControlResponseMessage>> _pendingControl = new();
    private readonly ConcurrentDictionary<string, PermissionRequestEvent> _pendingPermissions = new();
    private readonly Task _completion;
    private readonly CancellationTokenSource _stopReading = new();
    private TaskCompletionSource _nextResult = NewSignal();
    private int _turnRunning;
    private long _nextRequestId;
    private volatile bool _stopping;
    private volatile string? _exitReason;
    private volatile string? _sessionId;
    private int? _exitCode;
    private AgentErrorKind? _lastErrorKind;
    private volatile bool _disposed;

    private ClaudeSession(Process process, ClaudeCommand command, ClaudeCodeOptions options, string? rawLogPath, ILogger logger, ISecretRedactor? redactor)
    {
        _process = process;
        _command = command;
        _options = options;
        _logger = logger;
        _stdin = process.StandardInput.BaseStream;
        _rawLog = rawLogPath is null ? null : new RotatingLineLog(rawLogPath, onError: ex => LogRawLogFailed(_logger, rawLogPath, ex.Message), redact: Redact);
        _redactor = redactor;
        ProcessId = process.Id;
        var stderr = Task.Run(() => ReadStderrAsync(process.StandardError.BaseStream));
        _completion = Task.Run(() => ReadStdoutAsync(process.StandardOutput.BaseStream, stderr));
    }

    public string Kind => ClaudeCodeDriver.DriverKind;

    public string? SessionId => _sessionId;

    public int ProcessId { get; }

    public bool HasExited => _exitCode is not null || ProcessHasExited();

    public int? ExitCode => _exitCode;

    public string StderrTail => Redact(_stderr.ToString());

    /// <summary>Text from the agent as it may be written to a log: the run's secret variables, every secret Grove knows, and secret shapes masked.</summary>
    private string Redact(string text)
    {
        text = AgentEnvironment.Redact(text, _command.Environment);
        return _redactor is null ? text : _redactor.Redact(text);
    }

    public IReadOnlyCollection<PermissionRequestEvent> PendingPermissions => _pendingPermissions.Values.ToList();

    public ChannelReader<AgentEvent> Events => _events.Reader;

    public Task Completion => _completion;

    public IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) =>
        _events.Reader.ReadAllAsync(cancellationToken);

    /// <summary>Starts the process described by <paramref name="command"/>; throws ExecutableMissing when it cannot start.</summary>
    public static ClaudeSession Start(ClaudeCommand command, ClaudeCodeOptions options, string? rawLogPath, ILogger logger, ISecretRedactor? redactor = null)
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
            // Through the exec wrapper a missing program would only show as the wrapper's exit code.
            throw new AgentException(
                AgentErrorKind.ExecutableMissing,
                ErrorKind.NotFound,
                $"Claude Code could not be started from '{command.FileName}' (no such file); {ClaudeVersion.InstallHint}.");
        }

        // Its own session (a terminal's Ctrl-C reaches Grove only) and, on Linux, killed when Grove dies.
        AgentProcessLauncher.Wrap(startInfo);
        var process = new Process { StartInfo = startInfo };
        try
        {
            AgentProcessLauncher.Start(process);
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new AgentException(
                AgentErrorKind.ExecutableMissing,
                ErrorKind.NotFound,
                $"Claude Code could not be started from '{command.FileName}' ({ex.Message}); {ClaudeVersion.InstallHint}.",
                ex);
        }

        LogStarted(logger, process.Id, command, AgentEnvironment.DescribeKeys(command.Environment));
        return new ClaudeSession(process, command, options, rawLogPath, logger, redactor);
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

    /// <summary>The OS view, safe after dispose (a disposed session counts as exited).</summary>
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
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
        }
    }
}
