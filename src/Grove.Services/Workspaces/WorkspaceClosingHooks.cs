using Grove.Core.Domain;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Workspaces;

internal sealed partial class WorkspaceClosingHooks(ILogger<WorkspaceClosingHooks> logger) : IWorkspaceClosingHooks
{
    private readonly Lock _lock = new();
    private readonly List<Func<Workspace, CancellationToken, Task>> _handlers = [];

    public IDisposable Register(Func<Workspace, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_lock)
        {
            _handlers.Add(handler);
        }

        return new Registration(this, handler);
    }

    public async Task RunAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        Func<Workspace, CancellationToken, Task>[] handlers;
        lock (_lock)
        {
            handlers = [.. _handlers];
        }

        foreach (var handler in handlers)
        {
            try
            {
                await handler(workspace, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogHandlerFailed(logger, workspace.Name, ex.Message);
            }
        }
    }

    private void Remove(Func<Workspace, CancellationToken, Task> handler)
    {
        lock (_lock)
        {
            _handlers.Remove(handler);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping what runs in workspace {Workspace} failed: {Reason}")]
    private static partial void LogHandlerFailed(ILogger logger, string workspace, string reason);

    private sealed class Registration(WorkspaceClosingHooks owner, Func<Workspace, CancellationToken, Task> handler) : IDisposable
    {
        public void Dispose() => owner.Remove(handler);
    }
}
