using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Git.Security;

namespace Grove.Git.Repositories;

/// <summary>Learns what Grove needs about a folder: top level, origin, default and current branch.</summary>
internal sealed class RepositoryInspector(IGitRunner git) : IRepositoryInspector
{
    private const string OriginHeadPrefix = "refs/remotes/origin/";

    private static readonly GitRunOptions Quiet = new() { ThrowOnError = false, Environment = ReadOnlyGit.Environment };

    public async Task<RepositoryInfo?> InspectAsync(string folder, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var top = await git.RunAsync(folder, GitCommand.Create("rev-parse").Flag("--show-toplevel"), Quiet, cancellationToken);
        if (!top.Succeeded || top.StandardOutput.Trim().Length == 0)
        {
            return null;
        }

        var topLevel = top.StandardOutput.TrimEnd('\n');
        var originTask = OutputOrNullAsync(topLevel, GitCommand.Create("remote").Args("get-url", "origin"), cancellationToken);
        var headTask = OutputOrNullAsync(topLevel, GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg("HEAD^{commit}"), cancellationToken);
        var currentTask = OutputOrNullAsync(topLevel, GitCommand.Create("symbolic-ref").Flag("--quiet").Flag("--short").Arg("HEAD"), cancellationToken);
        await Task.WhenAll(originTask, headTask, currentTask);

        var origin = await originTask;
        var current = await currentTask;
        return new RepositoryInfo
        {
            TopLevel = topLevel,
            OriginUrl = origin,
            Remote = RemoteUrlParser.Parse(origin),
            HasCommits = await headTask is not null,
            CurrentBranch = current,
            DefaultBranch = await DefaultBranchAsync(topLevel, current, cancellationToken),
        };
    }

    public async Task<string?> GetGitVersionAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await git.RunAsync(Path.GetTempPath(), GitCommand.Create("version"), Quiet, cancellationToken);
            return result.Succeeded ? result.StandardOutput.Trim() : null;
        }
        catch (GroveException ex) when (ex.Kind == ErrorKind.GitMissing)
        {
            return null;
        }
    }

    private async Task<string?> DefaultBranchAsync(string topLevel, string? current, CancellationToken cancellationToken)
    {
        var originHead = await OutputOrNullAsync(topLevel, GitCommand.Create("symbolic-ref").Flag("--quiet").Arg("refs/remotes/origin/HEAD"), cancellationToken);
        if (originHead is not null && originHead.StartsWith(OriginHeadPrefix, StringComparison.Ordinal))
        {
            return originHead[OriginHeadPrefix.Length..];
        }

        foreach (var candidate in new[] { "main", "master" })
        {
            var exists = await OutputOrNullAsync(topLevel, GitCommand.Create("rev-parse").Flag("--verify").Flag("--quiet").Arg($"refs/heads/{candidate}"), cancellationToken);
            if (exists is not null)
            {
                return candidate;
            }
        }

        return current;
    }

    private async Task<string?> OutputOrNullAsync(string folder, GitCommand command, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(folder, command, Quiet, cancellationToken);
        var text = result.StandardOutput.Trim();
        return result.Succeeded && text.Length > 0 ? text : null;
    }
}
