using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Services.Setup;
using Grove.Services.Workspaces;
using Microsoft.Extensions.Logging;

namespace Grove.Services.Runs;

/// <summary>
/// What archiving (or deleting) a workspace does to its processes: the run script is stopped,
/// the project's <c>teardown</c> commands run in the worktree with the workspace's environment
/// (same ports as setup and run), and the port range is given back.
/// </summary>
internal sealed class WorkspaceTeardown(
    IProjectStore projects,
    IWorkspaceEnvironment environment,
    IWorkspacePorts ports,
    RunRegistry registry,
    SetupRunner runner,
    ILogger<WorkspaceTeardown> logger)
{
    /// <summary>Stops the run and runs teardown; never throws for a failing teardown (it is logged).</summary>
    public async Task<SetupReport> RunAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        await registry.StopAsync(workspace.Id, cancellationToken);
        if (!Directory.Exists(workspace.WorktreePath))
        {
            return SetupReport.None;
        }

        WorktreeSetupConfig? config;
        try
        {
            var project = await projects.GetAsync(workspace.ProjectId, cancellationToken);
            config = project is null ? WorktreeSetupConfig.Find(workspace.WorktreePath) : WorktreeSetupConfig.Find(workspace.WorktreePath, project.Path);
        }
        catch (GroveException ex)
        {
            logger.LogWarning("Teardown of {Workspace} skipped: {Error}", workspace.Name, ex.Message);
            return new SetupReport(null, [], null, ex.Message);
        }

        if (config is null || config.Teardown.Count == 0)
        {
            return SetupReport.None;
        }

        var env = await environment.GetAsync(workspace, cancellationToken);
        var report = await runner.RunAsync(config with { Commands = config.Teardown }, workspace.WorktreePath, env, $"{workspace.Name}-teardown", null, cancellationToken);
        if (!report.Succeeded)
        {
            logger.LogWarning("Teardown of {Workspace} failed; output in {Log}", workspace.Name, report.LogFile);
        }

        return report;
    }

    /// <summary>Gives the workspace's ports back.</summary>
    public Task ReleasePortsAsync(Workspace workspace, CancellationToken cancellationToken) => ports.ReleaseAsync(workspace.Id, cancellationToken);
}
