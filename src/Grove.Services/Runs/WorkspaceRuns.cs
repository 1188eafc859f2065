using System.Runtime.CompilerServices;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Core.Workspaces;
using Grove.Data.Stores;
using Grove.Services.Setup;
using Grove.Services.Workspaces;

namespace Grove.Services.Runs;

internal sealed class WorkspaceRuns(
    IWorkspaceService workspaces,
    IProjectStore projects,
    IWorkspaceEnvironment environment,
    IWorkspacePorts ports,
    RunRegistry registry,
    TimeProvider time) : IWorkspaceRuns
{
    /// <summary>While a run goes, a watcher re-reads its listening ports this often.</summary>
    public static readonly TimeSpan PortPoll = TimeSpan.FromSeconds(2);

    public async Task<WorkspaceRunState> StartAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        if (ws.ArchivedAt is not null)
        {
            throw new GroveException(ErrorKind.Conflict, $"Workspace '{ws.Name}' is archived; restore it first.");
        }

        if (!Directory.Exists(ws.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{ws.Name}' is missing; restore it first.");
        }

        var script = await ScriptAsync(ws, cancellationToken)
            ?? throw new GroveException(ErrorKind.InvalidInput, $"'{ws.Name}' has no run script: add \"run\" to .grove/worktree.json (e.g. \"run\": \"npm run dev -- --port $GROVE_PORT\").");
        var env = await environment.GetAsync(ws, cancellationToken);
        var slot = registry.Get(ws.Id);
        slot.Start(script, ws.WorktreePath, env);
        return slot.Snapshot(await ports.GetAsync(ws.Id, cancellationToken), detectPorts: false);
    }

    public async Task<WorkspaceRunState> StopAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        var slot = registry.Get(ws.Id);
        await slot.StopAsync(cancellationToken);
        return slot.Snapshot(await ports.GetAsync(ws.Id, cancellationToken), detectPorts: false);
    }

    public async Task<WorkspaceRunState> RestartAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        await registry.Get(ws.Id).StopAsync(cancellationToken);
        return await StartAsync(ws.Id, cancellationToken);
    }

    public async Task<WorkspaceRunState> GetAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        return registry.Get(ws.Id).Snapshot(await ports.GetAsync(ws.Id, cancellationToken));
    }

    public async Task<IReadOnlyList<RunOutputLine>> ReadOutputAsync(string workspace, long afterLine = 0, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        return registry.Get(ws.Id).Lines(afterLine);
    }

    public async IAsyncEnumerable<RunUpdate> WatchAsync(string workspace, long afterLine = 0, bool untilEnded = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        var slot = registry.Get(ws.Id);
        var cursor = afterLine;
        RunStatus? lastStatus = null;
        IReadOnlyList<int> lastPorts = [];
        var lastPortRead = long.MinValue;
        while (!cancellationToken.IsCancellationRequested)
        {
            var changed = slot.WhenChanged;
            var readPorts = time.GetElapsedTime(lastPortRead) >= PortPoll || lastPortRead == long.MinValue;

            // The state first, then the lines: a run seen as ended comes with every line it wrote.
            var state = slot.Snapshot(await ports.GetAsync(ws.Id, cancellationToken), readPorts);
            var lines = slot.Lines(cursor);
            if (readPorts)
            {
                lastPortRead = time.GetTimestamp();
            }
            else if (state.Status == RunStatus.Running)
            {
                state = state with { ListeningPorts = lastPorts };
            }

            if (lines.Count > 0 || state.Status != lastStatus || !state.ListeningPorts.SequenceEqual(lastPorts))
            {
                if (lines.Count > 0)
                {
                    cursor = lines[^1].Number;
                }

                lastStatus = state.Status;
                lastPorts = state.ListeningPorts;
                yield return new RunUpdate(lines, state);
            }

            if (untilEnded && !state.IsRunning && state.Status != RunStatus.Idle)
            {
                // The end was reported after the run's last line: everything has been sent.
                yield break;
            }

            try
            {
                if (state.IsRunning)
                {
                    await changed.WaitAsync(PortPoll, time, cancellationToken);
                }
                else
                {
                    await changed.WaitAsync(cancellationToken);
                }
            }
            catch (TimeoutException)
            {
                // Time to look at the ports again.
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    public async Task<string?> CommandAsync(string workspace, CancellationToken cancellationToken = default)
    {
        var ws = await workspaces.ResolveAsync(workspace, cancellationToken);
        return (await ScriptAsync(ws, cancellationToken))?.Display;
    }

    private async Task<RunScript?> ScriptAsync(Workspace ws, CancellationToken cancellationToken)
    {
        var project = await projects.GetAsync(ws.ProjectId, cancellationToken);
        var config = project is null ? WorktreeSetupConfig.Find(ws.WorktreePath) : WorktreeSetupConfig.Find(ws.WorktreePath, project.Path);
        return config is null ? null : ScriptOf(config.Run);
    }

    /// <summary>Shell lines run as one script (one after the other in one shell); an argument list runs as is.</summary>
    internal static RunScript? ScriptOf(IReadOnlyList<SetupCommand> commands)
    {
        if (commands.Count == 0)
        {
            return null;
        }

        if (commands.Count == 1 && commands[0].Arguments is { Count: > 0 } arguments)
        {
            return new RunScript(arguments[0], [.. arguments.Skip(1)], commands[0].Display);
        }

        var script = string.Join('\n', commands.Select(c => c.ShellLine ?? string.Join(' ', (c.Arguments ?? []).Select(Quote))));
        return OperatingSystem.IsWindows()
            ? new RunScript("cmd.exe", ["/c", script.Replace('\n', '&')], script)
            : new RunScript("/bin/sh", ["-c", script], string.Join("; ", commands.Select(c => c.Display)));
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
