using System.Collections.Concurrent;
using Grove.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Terminals;
using Grove.Services.Terminals.Pty;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Terminals;

internal sealed partial class Terminals : ITerminals, IAsyncDisposable
{
    /// <summary>Live terminals one workspace may have.</summary>
    public const int MaxPerWorkspace = 16;

    private readonly ConcurrentDictionary<string, TerminalSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _openLock = new();
    private readonly IWorkspaceService _workspaces;
    private readonly IWorkspaceEnvironment _workspaceEnvironment;
    private readonly AgentHostEnvironment _host;
    private readonly TimeProvider _time;
    private readonly ILogger<Terminals> _logger;
    private readonly IDisposable _closingHook;
    private readonly ITimer _sweep;
    private int _sweeping;

    public Terminals(
        IWorkspaceService workspaces,
        IWorkspaceEnvironment workspaceEnvironment,
        IWorkspaceClosingHooks closingHooks,
        TerminalOptions options,
        AgentHostEnvironment host,
        TimeProvider time,
        ILogger<Terminals> logger)
    {
        _workspaces = workspaces;
        _workspaceEnvironment = workspaceEnvironment;
        _host = host;
        _time = time;
        _logger = logger;
        _closingHook = closingHooks.Register(CloseAllAsync);
        _sweep = time.CreateTimer(_ => _ = SweepAsync(), null, options.SweepInterval, options.SweepInterval);
    }

    public async Task<TerminalInfo> OpenAsync(string workspace, TerminalSize? size = null, CancellationToken cancellationToken = default)
    {
        var resolved = await _workspaces.ResolveAsync(workspace, cancellationToken);
        if (resolved.IsArchived)
        {
            throw new GroveException(ErrorKind.Conflict, $"Workspace '{resolved.Name}' is archived; restore it to open a terminal.");
        }

        if (!Directory.Exists(resolved.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{resolved.Name}' is missing ({resolved.WorktreePath}).");
        }

        var (shell, arguments) = TerminalShell.Find(_host);
        var environment = TerminalEnvironment.Build(_host, shell, await _workspaceEnvironment.GetAsync(resolved, cancellationToken));
        var terminalSize = (size ?? TerminalSize.Default).Clamped();
        lock (_openLock)
        {
            var numbers = Of(resolved.Id).Select(s => s.Info.Number).ToHashSet();
            if (numbers.Count >= MaxPerWorkspace)
            {
                throw new GroveException(ErrorKind.Conflict, $"Workspace '{resolved.Name}' already has {MaxPerWorkspace} terminals; close one first.");
            }

            var pty = PtyFactory.Start(new PtyStartInfo(shell, arguments, resolved.WorktreePath, environment, terminalSize));
            var info = new TerminalInfo
            {
                Id = Ids.New("term"),
                WorkspaceId = resolved.Id,
                Number = Enumerable.Range(1, MaxPerWorkspace).First(n => !numbers.Contains(n)),
                Shell = shell,
                ProcessId = pty.ProcessId,
                Size = terminalSize,
                StartedAt = _time.GetUtcNow(),
            };
            var session = new TerminalSession(pty, info, _time);
            _sessions[info.Id] = session;
            LogOpened(_logger, info.Id, resolved.Name, shell, pty.ProcessId);
            _ = session.Ended.ContinueWith(ended => Forget(info, ended.Result), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return info;
        }
    }

    public async Task<IReadOnlyList<TerminalInfo>> ListAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var resolved = await _workspaces.ResolveAsync(workspace, cancellationToken);
        return [.. Of(resolved.Id).Select(s => s.Info).OrderBy(i => i.Number)];
    }

    public async Task<ITerminalConnection> AttachAsync(string workspace, string terminalId, CancellationToken cancellationToken = default) =>
        (await FindAsync(workspace, terminalId, cancellationToken)).Attach();

    public async Task CloseAsync(string workspace, string terminalId, CancellationToken cancellationToken = default) =>
        await (await FindAsync(workspace, terminalId, cancellationToken)).CloseAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _closingHook.Dispose();
        await _sweep.DisposeAsync();
        foreach (var session in _sessions.Values)
        {
            session.Kill();
        }

        await Task.WhenAll(_sessions.Values.Select(s => s.Ended));
    }

    private async Task CloseAllAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var sessions = Of(workspace.Id).ToList();
        await Task.WhenAll(sessions.Select(s => s.CloseAsync(cancellationToken)));
    }

    /// <summary>
    /// A workspace archived or deleted by another process (<c>grove ws archive</c> beside the
    /// server) runs no hook here: look for such workspaces now and then, and end their terminals.
    /// </summary>
    private async Task SweepAsync()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
        {
            return;
        }

        try
        {
            foreach (var workspaceId in _sessions.Values.Where(s => !s.Ended.IsCompleted).Select(s => s.Info.WorkspaceId).Distinct().ToList())
            {
                Workspace? workspace;
                try
                {
                    workspace = await _workspaces.ResolveAsync(workspaceId);
                }
                catch (GroveException ex) when (ex.Kind == ErrorKind.NotFound)
                {
                    workspace = null;
                }

                if (workspace is null || workspace.IsArchived || !Directory.Exists(workspace.WorktreePath))
                {
                    LogWorkspaceGone(_logger, workspaceId);
                    await Task.WhenAll(Of(workspaceId).ToList().Select(s => s.CloseAsync(CancellationToken.None)));
                }
            }
        }
        catch (Exception ex) when (ex is GroveException or IOException)
        {
            LogSweepFailed(_logger, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }

    private async Task<TerminalSession> FindAsync(string workspace, string terminalId, CancellationToken cancellationToken)
    {
        var resolved = await _workspaces.ResolveAsync(workspace, cancellationToken);
        return _sessions.TryGetValue(terminalId, out var session) && session.Info.WorkspaceId == resolved.Id && !session.Ended.IsCompleted
            ? session
            : throw new GroveException(ErrorKind.NotFound, $"No terminal '{terminalId}' in workspace '{resolved.Name}' (it may have ended).");
    }

    private IEnumerable<TerminalSession> Of(string workspaceId) =>
        _sessions.Values.Where(s => s.Info.WorkspaceId == workspaceId && !s.Ended.IsCompleted);

    private void Forget(TerminalInfo info, int exitCode)
    {
        _sessions.TryRemove(info.Id, out _);
        LogEnded(_logger, info.Id, exitCode);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {Terminal} opened in {Workspace}: {Shell} (pid {Pid})")]
    private static partial void LogOpened(ILogger logger, string terminal, string workspace, string shell, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {Workspace} was archived or deleted elsewhere; ending its terminals")]
    private static partial void LogWorkspaceGone(ILogger logger, string workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking the terminals' workspaces failed: {Reason}")]
    private static partial void LogSweepFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Terminal {Terminal} ended (exit code {ExitCode})")]
    private static partial void LogEnded(ILogger logger, string terminal, int exitCode);
}
