using System.Collections.Concurrent;
using Grove.Git.Security;

namespace Grove.Git.Tests;

/// <summary>A real runner that records which subcommands ran (to prove work was skipped).</summary>
internal sealed class CountingGitRunner(IGitRunner inner) : IGitRunner
{
    public ConcurrentQueue<string> Subcommands { get; } = new();

    public int Count(string subcommand) => Subcommands.Count(s => s == subcommand);

    public Task<GitResult> RunAsync(string workingDirectory, GitCommand command, GitRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        Subcommands.Enqueue(command.Subcommand);
        return inner.RunAsync(workingDirectory, command, options, cancellationToken);
    }
}
