using System.ComponentModel;
using System.Diagnostics;
using Grove.Agents.Processes;
using Grove.Core.Errors;
using Grove.Core.Workspaces;

namespace Grove.Services.Runs;

/// <summary>
/// One workspace's run script for the life of the Grove process: the running process (if any),
/// its status and a bounded buffer of output lines numbered across restarts, so a page that
/// reloads (or a second client) reads what was written before it came.
/// </summary>
/// <param name="afterLaunch">Tests only: runs between the launch and the wiring of the output, to
/// hold the start there (e.g. until a fast script has exited).</param>
internal sealed class RunSlot(string workspaceId, TimeProvider time, Action<Process>? afterLaunch = null)
{
    public const int MaxLines = 5000;
    public const int MaxLineChars = 8 * 1024;
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainWait = TimeSpan.FromSeconds(1);

    private readonly object _gate = new();
    private readonly LinkedList<RunOutputLine> _lines = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastLine;
    private RunStatus _status = RunStatus.Idle;
    private string? _command;
    private Process? _process;
    private int? _pid;
    private int? _exitCode;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _endedAt;
    private string? _error;
    private bool _stopRequested;
    private TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string WorkspaceId { get; } = workspaceId;

    /// <summary>Completes at the next change (a line, a status); take it before reading, then await it.</summary>
    public Task WhenChanged
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _status is RunStatus.Running or RunStatus.Stopping;
            }
        }
    }

    public void Start(RunScript script, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(script.FileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in script.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        AgentProcessLauncher.Wrap(startInfo);
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        lock (_gate)
        {
            if (_status is RunStatus.Running or RunStatus.Stopping)
            {
                throw new GroveException(ErrorKind.Conflict, "The run script is already running; stop or restart it.");
            }

            _status = RunStatus.Running;
            _command = script.Display;
            _exitCode = null;
            _error = null;
            _stopRequested = false;
            _startedAt = time.GetUtcNow();
            _endedAt = null;
            _exited = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Append($"$ {script.Display}", isError: false);

        // A script can exit before its output is wired up (an `exit 3` on a loaded machine): its exit
        // is handled only once the start is complete, so it is never lost to the race (the run would
        // stay "running" and a stop would later report "stopped" instead of the exit code).
        var wired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => OnData(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => OnData(e.Data, isError: true);
        process.Exited += (_, _) => _ = Task.Run(async () =>
        {
            await wired.Task;
            await OnExitedAsync(process);
        });
        lock (_gate)
        {
            _process = process;
            _pid = null;
        }

        try
        {
            AgentProcessLauncher.Start(process);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            lock (_gate)
            {
                _process = null;
                _status = RunStatus.Failed;
                _error = $"Could not start the run script: {ex.Message}";
                _endedAt = time.GetUtcNow();
                _exited.TrySetResult();
            }

            Append(_error, isError: true);
            process.Dispose();
            throw new GroveException(ErrorKind.InvalidInput, $"Could not start the run script: {ex.Message}");
        }

        try
        {
            lock (_gate)
            {
                _pid = process.Id;
            }

            afterLaunch?.Invoke(process);
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }
        finally
        {
            wired.TrySetResult();
        }

        Signal();
    }

    /// <summary>Stops the whole session: SIGTERM, a grace period, then SIGKILL to whatever is left.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Process? process;
        int? pid;
        Task exited;
        lock (_gate)
        {
            process = _process;
            pid = _pid;
            exited = _exited.Task;
            if (process is null || pid is null)
            {
                return;
            }

            _stopRequested = true;
            if (_status == RunStatus.Running)
            {
                _status = RunStatus.Stopping;
            }
        }

        Signal();
        var detached = AgentProcessLauncher.Detaches;
        ProcessGroup.Terminate(process, pid.Value, detached);
        try
        {
            await exited.WaitAsync(StopGrace, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Did not stop on SIGTERM: killed below.
        }

        // Whatever is left of the session (grandchildren, a child that ignored SIGTERM) is killed.
        for (var attempt = 0; attempt < 50 && (!exited.IsCompleted || ProcessGroup.Members(pid.Value).Count > 0); attempt++)
        {
            ProcessGroup.Kill(process, pid.Value, detached);
            try
            {
                await exited.WaitAsync(TimeSpan.FromMilliseconds(100), time, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Not yet reaped; try again.
            }
        }

        lock (_gate)
        {
            if (_status == RunStatus.Stopping)
            {
                _status = RunStatus.Stopped;
            }
        }

        Signal();
    }

    public WorkspaceRunState Snapshot(PortRange? range, bool detectPorts = true)
    {
        int? pid;
        RunStatus status;
        lock (_gate)
        {
            pid = _pid;
            status = _status;
        }

        var ports = detectPorts && status == RunStatus.Running && pid is { } id && AgentProcessLauncher.Detaches ? ListeningSockets.PortsOfSession(id) : [];
        lock (_gate)
        {
            return new WorkspaceRunState(WorkspaceId, _status, _command, _status is RunStatus.Running or RunStatus.Stopping ? _pid : null, _exitCode, _startedAt, _endedAt, range, ports, _lastLine, _error);
        }
    }

    /// <summary>The kept lines numbered after <paramref name="afterLine"/>, oldest first.</summary>
    public IReadOnlyList<RunOutputLine> Lines(long afterLine, int limit = MaxLines)
    {
        lock (_gate)
        {
            return [.. _lines.Where(l => l.Number > afterLine).Take(limit)];
        }
    }

    private void OnData(string? data, bool isError)
    {
        if (data is not null)
        {
            Append(data, isError);
        }
    }

    private async Task OnExitedAsync(Process process)
    {
        // Let the last output lines in first (the pipes close when the process and its children are
        // gone); a grandchild that keeps them open does not hold the status back for long.
        using (var drained = new CancellationTokenSource(DrainWait, time))
        {
            try
            {
                await process.WaitForExitAsync(drained.Token);
            }
            catch (OperationCanceledException)
            {
                // Still held open: report the exit anyway.
            }
        }

        int code;
        try
        {
            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        lock (_gate)
        {
            if (!ReferenceEquals(process, _process))
            {
                return;
            }

            _exitCode = code;
            _endedAt = time.GetUtcNow();
            _status = _stopRequested ? RunStatus.Stopped : RunStatus.Exited;

            // The marker goes in with the status, so whoever sees the end has seen the last line.
            AppendLocked(_stopRequested ? "[stopped]" : $"[exited with code {code}]", isError: false);
            _exited.TrySetResult();
        }

        Signal();
    }

    private void Append(string text, bool isError)
    {
        lock (_gate)
        {
            AppendLocked(text, isError);
        }

        Signal();
    }

    private void AppendLocked(string text, bool isError)
    {
        _lines.AddLast(new RunOutputLine(++_lastLine, text.Length > MaxLineChars ? text[..MaxLineChars] : text, isError));
        while (_lines.Count > MaxLines)
        {
            _lines.RemoveFirst();
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}

/// <summary>What a run starts: a shell script (<c>/bin/sh -c</c>) or one argument list.</summary>
internal sealed record RunScript(string FileName, IReadOnlyList<string> Arguments, string Display);
