using Grove.Core.Changes;
using Grove.Git.Changes;
using Grove.Git.Repositories;
using Grove.Git.Running;
using Grove.Git.Watching;
using Grove.Git.Worktrees;
using Grove.Testing;

namespace Grove.Git.Tests;

/// <summary>The real Grove.Git implementations, wired by hand, isolated from the user's git config.</summary>
internal sealed class GitTestServices
{
    public GitTestServices(Action<GitOptions>? configure = null)
    {
        Options = CreateOptions();
        configure?.Invoke(Options);
        Runner = new GitRunner(Options);
        Inspector = new RepositoryInspector(Runner);
        Worktrees = new WorktreeManager(Runner);
        Reader = new ChangesReader(Runner);
        Writer = new ChangesWriter(Runner);
        Watchers = new WorkspaceWatcherFactory();
    }

    public GitOptions Options { get; }
    public GitRunner Runner { get; }
    public RepositoryInspector Inspector { get; }
    public WorktreeManager Worktrees { get; }
    public ChangesReader Reader { get; }
    public ChangesWriter Writer { get; }
    public WorkspaceWatcherFactory Watchers { get; }

    public static GitOptions CreateOptions()
    {
        var options = new GitOptions();
        foreach (var (key, value) in TestGit.Environment)
        {
            options.Environment[key] = value;
        }

        return options;
    }
}
