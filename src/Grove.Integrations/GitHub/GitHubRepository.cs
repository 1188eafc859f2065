using Grove.Core.Domain;

namespace Grove.Integrations.GitHub;

/// <summary>
/// A repository on GitHub or a GitHub Enterprise server: the host users see, owner and name, and the
/// REST API base (<c>https://api.github.com/</c>, or <c>https://&lt;host&gt;/api/v3/</c>).
/// </summary>
public sealed record GitHubRepository(string Host, string Owner, string Name, Uri ApiBaseUrl)
{
    public string FullName => $"{Owner}/{Name}";

    public override string ToString() => $"{Host}/{Owner}/{Name}";
}

/// <summary>Reads a git remote URL (https, <c>ssh://</c>, scp-like <c>git@host:owner/repo</c>) as a GitHub repository.</summary>
public static class GitHubRemote
{
    public const string GitHubHost = "github.com";

    /// <summary>
    /// The repository the remote names, or null when it is not a GitHub remote. A host counts as GitHub
    /// when it is github.com, its name contains "github" (Enterprise), or an API base is given outright
    /// (<paramref name="apiBaseOverride"/>, from the <c>github.api_url</c> setting or <c>GROVE_GITHUB_API_URL</c>).
    /// </summary>
    public static GitHubRepository? TryParse(string? remoteUrl, string? apiBaseOverride = null)
    {
        if (string.IsNullOrWhiteSpace(remoteUrl) || Split(remoteUrl.Trim()) is not { } parts)
        {
            return null;
        }

        var (host, owner, name) = parts;
        Uri apiBase;
        if (!string.IsNullOrWhiteSpace(apiBaseOverride))
        {
            apiBase = NormalizeApiBase(apiBaseOverride);
        }
        else if (host.Equals(GitHubHost, StringComparison.OrdinalIgnoreCase) || host.Equals("www.github.com", StringComparison.OrdinalIgnoreCase))
        {
            host = GitHubHost;
            apiBase = new Uri("https://api.github.com/");
        }
        else if (host.Contains("github", StringComparison.OrdinalIgnoreCase))
        {
            apiBase = new Uri($"https://{host}/api/v3/");
        }
        else
        {
            return null;
        }

        return new GitHubRepository(host.ToLowerInvariant(), owner, name, apiBase);
    }

    /// <summary>
    /// An API base as Octokit treats an Enterprise address: api.github.com as is, any other host gets
    /// <c>/api/v3/</c> unless its path already ends so. Always ends with a slash.
    /// </summary>
    public static Uri NormalizeApiBase(string value)
    {
        if (!Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"'{value}' is not an http(s) URL.", nameof(value));
        }

        var text = uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
        if (!uri.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase) && !text.EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase))
        {
            text += "/api/v3";
        }

        return new Uri(text + "/");
    }

    /// <summary>Host, owner and name through Grove's one remote-URL parser; GitHub has no nested owners.</summary>
    private static (string Host, string Owner, string Name)? Split(string url) =>
        RemoteUrlParser.Parse(url) is { } remote && !remote.Owner.Contains('/', StringComparison.Ordinal)
            ? (remote.Host, remote.Owner, remote.Repo)
            : null;
}
