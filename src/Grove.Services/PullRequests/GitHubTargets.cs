using Grove.Agents;
using Grove.Core.Domain;
using Grove.Core.Errors;
using Grove.Data.Stores;
using Grove.Git;
using Grove.Git.Security;
using Grove.Integrations.GitHub;
using Grove.Services.Workspaces;

namespace Grove.Services.PullRequests;

/// <summary>A workspace with its GitHub repository, branch and credentials: everything a pull request call needs.</summary>
internal sealed record GitHubTarget(Workspace Workspace, string Branch, GitHubRepository Repository, GitHubCredentials Credentials);

/// <summary>
/// Resolves a workspace to its <see cref="GitHubTarget"/>: origin's URL as configured (so a test or a
/// user's <c>url.*.insteadOf</c> can point pushes elsewhere), the API base (<c>GROVE_GITHUB_API_URL</c>,
/// else the <c>github.api_url</c> setting, else from the host), and a token (<see cref="IGitHubTokenResolver"/>).
/// </summary>
internal sealed class GitHubTargets(
    IWorkspaceService workspaces,
    ISettingsStore settings,
    AgentHostEnvironment host,
    IGitRunner git,
    OriginUrls origins,
    IGitHubTokenResolver tokens)
{
    public async Task<GitHubTarget> ResolveAsync(string reference, CancellationToken cancellationToken)
    {
        var workspace = await RequireWorktreeAsync(reference, cancellationToken);
        var repository = await RepositoryOfAsync(workspace, cancellationToken);
        var credentials = await tokens.ResolveAsync(repository.Host, workspace.WorktreePath, cancellationToken)
            ?? throw new GroveException(
                ErrorKind.AuthRequired,
                $"No GitHub token for {repository.Host}: store one with 'grove secret set {SettingKeys.GitHubTokenSecret}' (token on stdin), set GH_TOKEN, or run 'gh auth login'.");
        var branch = workspace.Branch ?? await CurrentBranchAsync(workspace, cancellationToken);
        return new GitHubTarget(workspace, branch, repository, credentials);
    }

    /// <summary>The host whose token would be used, and the source; github.com without a workspace.</summary>
    public async Task<GitHubAuthStatus> AuthAsync(string? reference, CancellationToken cancellationToken)
    {
        string hostName = GitHubRemote.GitHubHost;
        string? folder = null;
        if (reference is not null)
        {
            var workspace = await RequireWorktreeAsync(reference, cancellationToken);
            hostName = (await RepositoryOfAsync(workspace, cancellationToken)).Host;
            folder = workspace.WorktreePath;
        }

        return new GitHubAuthStatus(hostName, (await tokens.ResolveAsync(hostName, folder, cancellationToken))?.Source);
    }

    private async Task<Workspace> RequireWorktreeAsync(string reference, CancellationToken cancellationToken)
    {
        var workspace = await workspaces.ResolveAsync(reference, cancellationToken);
        if (!Directory.Exists(workspace.WorktreePath))
        {
            throw new GroveException(ErrorKind.NotFound, $"The worktree of '{workspace.Name}' is missing ({workspace.WorktreePath}); 'grove ws restore {workspace.Name}' or 'grove doctor'.");
        }

        return workspace;
    }

    private async Task<GitHubRepository> RepositoryOfAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var url = await origins.GetAsync(workspace.WorktreePath, cancellationToken);
        if (url.Length == 0)
        {
            throw new GroveException(ErrorKind.Unsupported, $"Workspace '{workspace.Name}' has no 'origin' remote; pull requests need a GitHub remote.");
        }

        var apiOverride = host.Get("GROVE_GITHUB_API_URL") ?? await settings.GetAsync(SettingKeys.GitHubApiUrl, cancellationToken);
        return GitHubRemote.TryParse(url, apiOverride)
            ?? throw new GroveException(ErrorKind.Unsupported, $"origin ({url}) is not a GitHub remote; pull request features need one (or set '{SettingKeys.GitHubApiUrl}').");
    }

    private async Task<string> CurrentBranchAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(workspace.WorktreePath, GitCommand.Create("symbolic-ref").Flag("--short").Arg("HEAD"), new GitRunOptions { ThrowOnError = false }, cancellationToken);
        return result.Succeeded && result.StandardOutput.Trim() is { Length: > 0 } branch
            ? branch
            : throw new GroveException(ErrorKind.Conflict, $"Workspace '{workspace.Name}' is not on a branch (detached HEAD); check out a branch first.");
    }
}
