using System.Collections.Concurrent;
using Grove.Git;
using Grove.Git.Security;

namespace Grove.Testing.Git;

/// <summary>
/// Records each git run (working directory and subcommand) and passes it to the real runner: wrap the
/// registered <see cref="IGitRunner"/> with <see cref="Wrap"/> (e.g. <c>TestApp.Decorate&lt;IGitRunner&gt;(s, git.Wrap)</c>)
/// to count what a use case costs in git processes.
/// </summary>
public sealed class CountingGit
{
    private readonly ConcurrentQueue<(string Directory, string Subcommand)> _runs = new();

    public IGitRunner Wrap(IGitRunner inner) => new Runner(inner, this);

    public void Clear() => _runs.Clear();

    /// <summary>Every run since the last <see cref="Clear"/>, as "subcommand directory".</summary>
    public IReadOnlyList<string> Runs => [.. _runs.Select(r => $"{r.Subcommand} {r.Directory}")];

    public List<string> Directories() => [.. _runs.Select(r => Path.GetFullPath(r.Directory)).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>How many <c>git status</c> ran in any of <paramref name="worktreePaths"/>.</summary>
    public int Statuses(IEnumerable<string> worktreePaths)
    {
        var paths = worktreePaths.Select(Path.GetFullPath).ToHashSet(StringComparer.Ordinal);
        return _runs.Count(r => r.Subcommand == "status" && paths.Contains(Path.GetFullPath(r.Directory)));
    }

    private sealed class Runner(IGitRunner inner, CountingGit owner) : IGitRunner
    {
        public Task<GitResult> RunAsync(string workingDirectory, GitCommand command, GitRunOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner._runs.Enqueue((workingDirectory, command.Subcommand));
            return inner.RunAsync(workingDirectory, command, options, cancellationToken);
        }
    }
}
