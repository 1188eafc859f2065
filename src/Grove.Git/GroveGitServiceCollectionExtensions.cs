using Grove.Core.Changes;
using Grove.Git;
using Grove.Git.Changes;
using Grove.Git.Merging;
using Grove.Git.Checkpoints;
using Grove.Git.Repositories;
using Grove.Git.Running;
using Grove.Git.Watching;
using Grove.Git.Worktrees;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class GroveGitServiceCollectionExtensions
{
    /// <summary>Registers the git runner, inspector, worktree manager, changes reader/writer and watcher factory (singletons).</summary>
    public static IServiceCollection AddGroveGit(this IServiceCollection services, Action<GitOptions>? configure = null)
    {
        var options = new GitOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGitRunner, GitRunner>();
        services.TryAddSingleton<IRepositoryInspector, RepositoryInspector>();
        services.TryAddSingleton<IWorktreeManager, WorktreeManager>();
        services.TryAddSingleton<IChangesReader, ChangesReader>();
        services.TryAddSingleton<IChangesWriter, ChangesWriter>();
        services.TryAddSingleton<ICheckpointGit, CheckpointGit>();
        services.TryAddSingleton<IWorkspaceWatcherFactory, WorkspaceWatcherFactory>();
        services.TryAddSingleton<IMergeDryRunner, MergeDryRunner>();
        return services;
    }
}
