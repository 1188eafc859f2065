using Grove.Core.Domain;

namespace Grove.Git.Repositories;

/// <summary>What Grove learns about a folder when it is added as a project.</summary>
public sealed record RepositoryInfo
{
    /// <summary>The repository's top-level folder (<c>rev-parse --show-toplevel</c>).</summary>
    public required string TopLevel { get; init; }

    public string? OriginUrl { get; init; }

    /// <summary>Provider/owner/repo parsed from the origin URL, when it has that shape.</summary>
    public RemoteInfo? Remote { get; init; }

    /// <summary>origin/HEAD's branch, else main, else master, else the current branch.</summary>
    public string? DefaultBranch { get; init; }

    public string? CurrentBranch { get; init; }

    /// <summary>False for a repository with no commit yet.</summary>
    public bool HasCommits { get; init; }
}

public interface IRepositoryInspector
{
    /// <summary>Null when <paramref name="folder"/> is not inside a git work tree.</summary>
    Task<RepositoryInfo?> InspectAsync(string folder, CancellationToken cancellationToken = default);

    /// <summary>Is git installed? Returns its version text, or null.</summary>
    Task<string?> GetGitVersionAsync(CancellationToken cancellationToken = default);
}
