using Grove.Agents;
using Grove.Agents.Processes;
using Grove.Core.Processes;
using Grove.Data.Stores;
using Grove.Git;
using Grove.Git.Security;
using Grove.Integrations.GitHub;
using Microsoft.Extensions.Logging;

namespace Grove.Services.PullRequests;

internal sealed partial class GitHubTokenResolver(
    ICredentialStore credentials,
    AgentHostEnvironment host,
    IGitRunner git,
    ILogger<GitHubTokenResolver> logger) : IGitHubTokenResolver
{
    private static readonly TimeSpan HelperTimeout = TimeSpan.FromSeconds(10);

    public async Task<GitHubCredentials?> ResolveAsync(string hostName, string? repositoryFolder, CancellationToken cancellationToken = default)
    {
        if (await credentials.GetAsync(SettingKeys.GitHubTokenSecret, cancellationToken) is { Length: > 0 } secret)
        {
            return new GitHubCredentials(secret.Trim(), $"secret {SettingKeys.GitHubTokenSecret}");
        }

        foreach (var name in (string[])["GH_TOKEN", "GITHUB_TOKEN"])
        {
            if (host.Get(name) is { } value && value.Trim().Length > 0)
            {
                return new GitHubCredentials(value.Trim(), name);
            }
        }

        return await FromGhAsync(hostName, cancellationToken)
            ?? await FromGitCredentialAsync(hostName, repositoryFolder, cancellationToken);
    }

    private async Task<GitHubCredentials?> FromGhAsync(string hostName, CancellationToken cancellationToken)
    {
        var gh = ExecutableSearch.OnPath(host, OperatingSystem.IsWindows() ? "gh.exe" : "gh").FirstOrDefault();
        if (gh is null)
        {
            return null;
        }

        var environment = new Dictionary<string, string>(host.Variables) { ["GH_PROMPT_DISABLED"] = "1", ["NO_COLOR"] = "1" };
        var result = await BoundedProcess.RunAsync(
            new BoundedProcessStart(gh, ["auth", "token", "--hostname", hostName])
            {
                Timeout = HelperTimeout,
                Environment = environment,
                ReplaceEnvironment = true,
                WorkingDirectory = host.HomeDirectory,
            },
            cancellationToken);
        if (!result.Succeeded || FirstLine(result.StandardOutput) is not { } token)
        {
            LogHelperFound(logger, "gh auth token", result.ExitCode);
            return null;
        }

        return new GitHubCredentials(token, "gh auth token");
    }

    private async Task<GitHubCredentials?> FromGitCredentialAsync(string hostName, string? repositoryFolder, CancellationToken cancellationToken)
    {
        var folder = repositoryFolder is not null && Directory.Exists(repositoryFolder) ? repositoryFolder : host.HomeDirectory;
        var result = await git.RunAsync(
            folder,
            GitCommand.CredentialFill(),
            new GitRunOptions { StandardInput = $"protocol=https\nhost={hostName}\n\n", Timeout = HelperTimeout, ThrowOnError = false },
            cancellationToken);
        if (!result.Succeeded)
        {
            LogHelperFound(logger, "git credential fill", result.ExitCode);
            return null;
        }

        var password = result.StandardOutput.Split('\n')
            .Select(line => line.TrimEnd('\r'))
            .FirstOrDefault(line => line.StartsWith("password=", StringComparison.Ordinal))?["password=".Length..];
        return string.IsNullOrWhiteSpace(password) ? null : new GitHubCredentials(password.Trim(), "git credential");
    }

    private static string? FirstLine(string text) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Length > 0);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Helper} gave no GitHub token (exit {ExitCode})")]
    private static partial void LogHelperFound(ILogger logger, string helper, int exitCode);
}
