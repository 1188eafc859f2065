using Grove.Core.Domain;

namespace Grove.Services.Workspaces;

/// <summary>
/// The variables a workspace's own processes get (setup, run, teardown, terminals): its ports
/// (<c>GROVE_PORT</c>, <c>GROVE_PORT_RANGE</c>), names (<c>GROVE_WORKSPACE</c>,
/// <c>COMPOSE_PROJECT_NAME</c>) and paths. Never a secret.
/// </summary>
public interface IWorkspaceEnvironment
{
    Task<IReadOnlyDictionary<string, string>> GetAsync(Workspace workspace, CancellationToken cancellationToken = default);
}
