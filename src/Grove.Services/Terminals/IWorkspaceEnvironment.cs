using Grove.Core.Domain;

namespace Grove.Services.Terminals;

/// <summary>
/// The variables a workspace adds to the processes Grove starts in it (its terminals; the run
/// script's ports — <c>GROVE_PORT</c>, <c>GROVE_PORT_RANGE</c>, <c>COMPOSE_PROJECT_NAME</c> — belong
/// here too). Only <c>GROVE_*</c> and <c>COMPOSE_PROJECT_NAME</c> reach a terminal.
/// </summary>
public interface IWorkspaceEnvironment
{
    Task<IReadOnlyDictionary<string, string>> GetAsync(Workspace workspace, CancellationToken cancellationToken = default);
}

/// <summary>The workspace's name and folder: <c>GROVE_WORKSPACE</c>, <c>GROVE_WORKSPACE_PATH</c>.</summary>
internal sealed class WorkspaceEnvironment : IWorkspaceEnvironment
{
    public Task<IReadOnlyDictionary<string, string>> GetAsync(Workspace workspace, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GROVE_WORKSPACE"] = workspace.Name,
            ["GROVE_WORKSPACE_PATH"] = workspace.WorktreePath,
        });
}
