namespace Grove.Core.Domain;

/// <summary>A folder registered with Grove. Git metadata is null for a non-git folder.</summary>
public sealed record Project
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }
    public bool IsGitRepo { get; init; }
    public string? GitRemoteUrl { get; init; }
    public GitProvider? Provider { get; init; }
    public string? Owner { get; init; }
    public string? Repo { get; init; }
    public string? DefaultBranch { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

public enum GitProvider
{
    GitHub,
    GitLab,
    Bitbucket,
    Other,
}
