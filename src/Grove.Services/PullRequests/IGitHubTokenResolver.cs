using Grove.Integrations.GitHub;

namespace Grove.Services.PullRequests;

/// <summary>
/// Finds a GitHub token for a host; the first found wins: Grove's secret <c>github.token</c>,
/// <c>GH_TOKEN</c> / <c>GITHUB_TOKEN</c>, <c>gh auth token --hostname &lt;host&gt;</c> when gh is on
/// PATH, then <c>git credential fill</c> for the host. The source is reported, the token never.
/// </summary>
public interface IGitHubTokenResolver
{
    /// <summary>The token and its source, or null when none is found. <paramref name="repositoryFolder"/> is where git reads its config (credential helpers).</summary>
    Task<GitHubCredentials?> ResolveAsync(string host, string? repositoryFolder, CancellationToken cancellationToken = default);
}
