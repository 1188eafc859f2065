using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Grove.Core.Agents;
using Grove.Core.Errors;
using Grove.Core.Security;
using Microsoft.Extensions.Logging;

namespace Grove.Agents.Processes;

/// <summary>What an agent process is started from: the agent's name for messages, its command line and where its lines go.</summary>
/// <param name="Name">The agent as people call it ("Claude Code", "Codex"), for messages and logs.</param>
/// <param name="Description">The command line as it may be logged (no environment values).</param>
/// <param name="InstallHint">Added to "could not be started" messages: how to get the program.</param>
/// <param name="MaxLineBytes">The longest stdout line read; a longer one reaches the handler as overlong.</param>
internal sealed record AgentProcessStart(
    string Name,
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string Description,
    string InstallHint,
    int MaxLineBytes,
    string? RawLogPath,
    ISecretRedactor? Redactor = null);

/// <summary>
/// The process under one agent session, whatever its protocol: starts it (detached, tied to Grove's
/// life), writes whole lines to stdin, reads stdout line by line (raw log, handler), keeps stderr's
/// tail, publishes the session's events, and when the process ends reports an unexpected exit,
/// lets the session fail what waits, and completes the stream. Stops gracefully (stdin closed) and
/// then kills the tree. The protocol (stream-json, JSON-RPC) stays in the session that owns it.
/// </summary>
internal sealed partial class AgentProcess : IAsyncDisposable
{
    private static readonly UTF8Encoding LenientUtf8 = new(false, false);

    /// <summary>After the process exits, how long stdout may stay open (a grandchild holding the pipe) before reading stops.</summary>
    private static readonly TimeSpan DrainAfterExit = TimeSpan.FromSeconds(2);

    /// <summary>Raw lines in the debug log are cut here (tool results can be megabytes; the raw log keeps them whole).</summary>
    private const int MaxLoggedChars = 4000;

    private readonly Process _process;
    private readonly AgentProcessStart _start;
    private readonly ILogger _logger;
    private readonly Stream _stdin;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    // The reader's continuation (the tab's pump) runs on the publishing thread: one thread-pool hop less per
    // event, in the same order. Publishers hold no thread-bound lock while publishing (the stdin write lock is a
    // SemaphoreSlim), so a pump that waits for one of them awaits instead of blocking the publisher.
    private readonly Channel<AgentEvent> _events = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false, AllowSynchronousContinuations = true });
    private readonly StderrTail _stderr = new();
    private readonly RotatingLineLog? _rawLog;
    private readonly CancellationTokenSource _stopReading = new();
    private Task _completion = Task.CompletedTask;
    private volatile bool _stdinClosed;
    private volatile bool _stopping;
    private volatile string? _exitReason;
    private int? _exitCode;
    private volatile bool _disposed;

    private AgentProcess(Process process, AgentProcessStart start, ILogger logger)
    {
        _process = process;
        _start = start;
        _logger = logger;
        _stdin = process.StandardInput.BaseStream;
        _rawLog = start.RawLogPath is { } path ? new RotatingLineLog(path, onError: ex => LogRawLogFailed(_logger, start.Name, path, ex.Message), redact: Redact) : null;
        ProcessId = process.Id;
    }

    public string Name => _start.Name;

    public int ProcessId { get; }

    /// <summary>True once the process is gone (or this object is disposed).</summary>
    public bool HasExited
    {
        get
        {
            if (_exitCode is not null || _disposed)
            {
                return true;
            }

            try
            {
                return _process.HasExited;
            }
            catch (InvalidOperationException)
            {
                return true;
            }
        }
    }

    public int? ExitCode => _exitCode;

    /// <summary>True once a stop was asked for: the end of the process is then not reported as an error.</summary>
    public bool Stopping => _stopping;

    /// <summary>Why Grove ended the process itself (a kill after an interrupt timed out), when it did.</summary>
    public string? ExitReason => _exitReason;

    public string StderrTail => Redact(_stderr.ToString());

    /// <summary>The last stderr line that is not blank (redacted), for one-line messages.</summary>
    public string? LastStderrLine => StderrTail.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();

    public ChannelReader<AgentEvent> Events => _events.Reader;

    /// <summary>Completes when stdout is read to its end and the exit is reported; <see cref="Events"/> completes right after.</summary>
    public Task Completion => _completion;

    /// <summary>Starts the process; throws NotFound when the folder is missing, ExecutableMissing when the program cannot start.</summary>
    public static AgentProcess Start(AgentProcessStart start, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(start);
        RequireFolder(start.WorkingDirectory);

        var startInfo = new ProcessStartInfo(start.FileName)
        {
            WorkingDirectory = start.WorkingDirectory,
            UseShellExecute = false,
            CreateNoWindow = true,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in start.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (key, value) in start.Environment)
        {
            startInfo.Environment[key] = value;
        }

        if (AgentProcessLauncher.Detaches && !File.Exists(start.FileName))
        {
            // Through the exec wrapper a missing program would only show as the wrapper's exit code.
            throw new AgentException(
                AgentErrorKind.ExecutableMissing,
                ErrorKind.NotFound,
                $"{start.Name} could not be started from '{start.FileName}' (no such file); {start.InstallHint}.");
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
                $"{start.Name} could not be started from '{start.FileName}' ({ex.Message}); {start.InstallHint}.",
                ex);
        }

        LogStarted(logger, start.Name, process.Id, start.Description, AgentEnvironment.DescribeKeys(start.Environment));
        return new AgentProcess(process, start, logger);
    }

    /// <summary>Throws NotFound unless the worktree folder an agent is to run in exists (drivers check before locating the program).</summary>
    public static void RequireFolder(string workingDirectory)
    {
        if (!Directory.Exists(workingDirectory))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree folder '{workingDirectory}' does not exist.");
        }
    }

    /// <summary>
    /// Starts reading stdout and stderr. Each stdout line goes to the raw log and then to
    /// <paramref name="onLine"/> in order (a handler that throws loses that line only: it becomes a
    /// MalformedOutput error). At the end: <paramref name="exitError"/> is published unless a stop
    /// was asked for, <paramref name="onExit"/> runs (fail what waits), and the stream completes.
    /// </summary>
    public void StartReading(Func<LineRead, ValueTask> onLine, Func<int, ErrorEvent> exitError, Action onExit)
    {
        var stderr = Task.Run(() => ReadStderrAsync(_process.StandardError.BaseStream));
        // On Linux stdout is read through the process-wide poller (one thread, batched wake-ups); see PipePoller.
        var stdout = PipePoller.Wrap(_process.StandardOutput.BaseStream);
        _completion = Task.Run(() => ReadStdoutAsync(stdout, stderr, onLine, exitError, onExit));
        // The stream ends once reading has completed: a reader that sees the end (its continuation runs on
        // this thread, see _events) finds Completion done, and nothing of the reader still runs.
        _ = _completion.ContinueWith(
            static (_, writer) => ((ChannelWriter<AgentEvent>)writer!).TryComplete(), _events.Writer,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Publishes one event to the session's stream.</summary>
    public void Publish(AgentEvent agentEvent) => _events.Writer.TryWrite(agentEvent);

    /// <summary>Text from the agent as it may be written to a log: the run's secret variables, every secret Grove knows, and secret shapes masked.</summary>
    public string Redact(string text)
    {
        text = AgentEnvironment.Redact(text, _start.Environment);
        return _start.Redactor is null ? text : _start.Redactor.Redact(text);
    }

    /// <summary>
    /// Writes one whole stdin line; writes never interleave. <paramref name="announce"/> is published
    /// and <paramref name="announced"/> runs just before the write, under the same lock, so events stay
    /// in send order. Only waiting for the lock can be cancelled (half a line would break the protocol).
    /// Throws Conflict when the process is gone or stdin is closed.
    /// </summary>
    public async Task WriteLineAsync(byte[] line, AgentEvent? announce, CancellationToken cancellationToken, Action? announced = null)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (HasExited || _stdinClosed)
            {
                throw NotRunning();
            }

            if (announce is not null)
            {
                Publish(announce);
            }

            announced?.Invoke();
            await _stdin.WriteAsync(line, CancellationToken.None);
            await _stdin.FlushAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            throw NotRunning(ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>The error for a write or a wait when the process is not there any more.</summary>
    public GroveException NotRunning(Exception? inner = null)
    {
        var state = _exitCode is { } code ? $"exited with code {code}" : HasExited ? "exited" : "stopping";
        return new GroveException(ErrorKind.Conflict, $"The {_start.Name} session is not running (it {state}).", inner);
    }

    /// <summary>From here on the end of the process is expected (no error event).</summary>
    public void MarkStopping() => _stopping = true;

    /// <summary>Closes stdin, waits up to <paramref name="grace"/> for the process to exit, then kills its tree; returns when reading is over.</summary>
    public async Task CloseAndWaitAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        _stopping = true;
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            if (!_stdinClosed)
            {
                _stdinClosed = true;
                try
                {
                    _stdin.Dispose();
                }
                catch (IOException)
                {
                    // The process already closed its end.
                }
            }
        }
        finally
        {
            _writeLock.Release();
        }

        try
        {
            await _process.WaitForExitAsync(cancellationToken).WaitAsync(grace, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogKilledAfterGrace(_logger, _start.Name, ProcessId, grace.TotalSeconds);
            ProcessTree.Kill(_process);
        }

        await Observe(_completion.WaitAsync(cancellationToken));
    }

    /// <summary>Kills the process tree for <paramref name="reason"/> (the exit error's message) and waits for reading to end.</summary>
    public async Task KillAsync(string reason, CancellationToken cancellationToken)
    {
        _exitReason = reason;
        ProcessTree.Kill(_process);
        await Observe(_completion.WaitAsync(cancellationToken));
    }

    /// <summary>The plain report of an unexpected exit: Grove's reason when it killed the process, else the exit code and stderr's last line.</summary>
    public ErrorEvent UnexpectedExit(int exitCode)
    {
        var tail = StderrTail;
        var lastLine = LastStderrLine;
        var message = _exitReason ?? (lastLine is null
            ? $"{_start.Name} exited unexpectedly with code {exitCode}."
            : $"{_start.Name} exited unexpectedly with code {exitCode}: {lastLine}");
        return new ErrorEvent(AgentErrorKind.ProcessExited, message)
        {
            ExitCode = exitCode,
            StderrTail = tail.Length == 0 ? null : tail,
        };
    }

    /// <summary>Waits for reading to end (it always does once the process is gone), then frees the process and the raw log.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await Observe(_completion);
        _disposed = true;
        _rawLog?.Dispose();
        _process.Dispose();
    }

    public static async Task Observe(Task task)
    {
        try
        {
            await task;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException or GroveException)
        {
        }
    }

    /// <summary>Reads stdout to its end, handling lines in order; then reports how the process ended and completes the stream. Always completes the stream.</summary>
    private async Task ReadStdoutAsync(Stream stdout, Task stderr, Func<LineRead, ValueTask> onLine, Func<int, ErrorEvent> exitError, Action onExit)
    {
        var exitWatch = WatchExitAsync();
        try
        {
            var reader = new BoundedLineReader(stdout, _start.MaxLineBytes);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                WriteRaw(line);
                try
                {
                    await onLine(line);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Handlers are written not to throw; if one does, one line is lost, never the session.
                    Publish(new ErrorEvent(AgentErrorKind.MalformedOutput, $"Grove could not read a line from {_start.Name} ({ex.GetType().Name}: {ex.Message}); it was skipped."));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            LogStdoutFailed(_logger, _start.Name, ProcessId, ex.Message);
        }
        finally
        {
            if (!ReferenceEquals(stdout, _process.StandardOutput.BaseStream))
            {
                await stdout.DisposeAsync();
            }

            await _process.WaitForExitAsync(CancellationToken.None);
            await Observe(stderr);
            await exitWatch;
            Finish(exitError, onExit);
            _stopReading.Dispose();
        }
    }

    private void WriteRaw(LineRead line)
    {
        if (line.IsOverlong)
        {
            _rawLog?.Write(Encoding.UTF8.GetBytes($"{{\"grove_skipped_line_bytes\":{line.OverlongLength}}}"));
            return;
        }

        _rawLog?.Write(line.Bytes.Span);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogRawMessage(_logger, _start.Name, ProcessId, Redact(Shorten(LenientUtf8.GetString(line.Bytes.Span))));
        }
    }

    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync(CancellationToken.None);
        try
        {
            _stopReading.CancelAfter(DrainAfterExit);
        }
        catch (ObjectDisposedException)
        {
            // Reading already finished.
        }
    }

    private async Task ReadStderrAsync(Stream stderr)
    {
        try
        {
            var reader = new BoundedLineReader(stderr, 64 * 1024);
            while (await reader.ReadLineAsync(_stopReading.Token) is { } line)
            {
                var text = line.IsOverlong ? $"[{line.OverlongLength} bytes skipped]" : LenientUtf8.GetString(line.Bytes.Span);
                _stderr.Add(text);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    LogStderrLine(_logger, _start.Name, ProcessId, Redact(Shorten(text)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    /// <summary>The process is gone: report an unexpected end and let the session fail what waits (the stream completes after reading, see <see cref="StartReading"/>).</summary>
    private void Finish(Func<int, ErrorEvent> exitError, Action onExit)
    {
        var exitCode = _process.ExitCode;
        _exitCode = exitCode;
        LogExited(_logger, _start.Name, ProcessId, exitCode, _stopping);
        if (!_stopping)
        {
            Publish(exitError(exitCode));
        }

        onExit();
    }

    /// <summary>A raw line as the debug log keeps it: at most <see cref="MaxLoggedChars"/> characters.</summary>
    private static string Shorten(string text) =>
        text.Length <= MaxLoggedChars ? text : $"{text[..MaxLoggedChars]}… [{text.Length - MaxLoggedChars} more characters]";

    [LoggerMessage(Level = LogLevel.Information, Message = "Started {Agent} (pid {ProcessId}): {Command}; environment keys: {EnvironmentKeys}")]
    private static partial void LogStarted(ILogger logger, string agent, int processId, string command, string environmentKeys);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Agent} (pid {ProcessId}) exited with code {ExitCode} (stop requested: {Stopping})")]
    private static partial void LogExited(ILogger logger, string agent, int processId, int exitCode, bool stopping);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading {Agent}'s output (pid {ProcessId}) failed: {Reason}")]
    private static partial void LogStdoutFailed(ILogger logger, string agent, int processId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Agent} (pid {ProcessId}) did not exit within {GraceSeconds} s of closing stdin; killing it")]
    private static partial void LogKilledAfterGrace(ILogger logger, string agent, int processId, double graceSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Agent} (pid {ProcessId}) wrote: {Line}")]
    private static partial void LogRawMessage(ILogger logger, string agent, int processId, string line);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Agent} (pid {ProcessId}) stderr: {Line}")]
    private static partial void LogStderrLine(ILogger logger, string agent, int processId, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot write the raw {Agent} log {Path}: {Reason}")]
    private static partial void LogRawLogFailed(ILogger logger, string agent, string path, string reason);
}
