namespace Grove.Core.Domain;

/// <summary>A parsed remote URL (https, ssh, scp-like <c>git@host:owner/repo.git</c>).</summary>
public sealed record RemoteInfo(GitProvider Provider, string Host, string Owner, string Repo);

/// <summary>
/// Parses a remote URL into provider / host / owner / repo. Understands https (with or without
/// credentials and port), ssh:// (with port), git://, and scp-like <c>git@host:owner/repo.git</c>.
/// </summary>
public static class RemoteUrlParser
{
    /// <summary>Null for a local path or any URL without an owner/repo shape.</summary>
    public static RemoteInfo? Parse(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        url = url.Trim();
        string host;
        string path;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.IsFile || string.IsNullOrEmpty(uri.Host))
            {
                return null;
            }

            host = uri.Host;
            path = Uri.UnescapeDataString(uri.AbsolutePath);
        }
        else
        {
            // scp-like: [user@]host:path — a colon before any slash, and not a Windows drive letter.
            var colon = url.IndexOf(':', StringComparison.Ordinal);
            var slash = url.IndexOf('/', StringComparison.Ordinal);
            if (colon <= 1 || (slash >= 0 && slash < colon))
            {
                return null;
            }

            var at = url.LastIndexOf('@', colon);
            host = url[(at + 1)..colon];
            path = url[(colon + 1)..];
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || host.Length == 0)
        {
            return null;
        }

        var repo = segments[^1];
        if (repo.EndsWith(".git", StringComparison.OrdinalIgnoreCase))
        {
            repo = repo[..^4];
        }

        // GitLab groups nest: owner is everything before the repository name.
        var owner = string.Join('/', segments[..^1]);
        if (repo.Length == 0 || owner.Length == 0)
        {
            return null;
        }

        host = host.ToLowerInvariant();
        return new RemoteInfo(ProviderOf(host), host, owner, repo);
    }

    public static GitProvider ProviderOf(string host) => host.ToLowerInvariant() switch
    {
        "github.com" or "www.github.com" or "ssh.github.com" => GitProvider.GitHub,
        "gitlab.com" or "www.gitlab.com" => GitProvider.GitLab,
        "bitbucket.org" or "www.bitbucket.org" => GitProvider.Bitbucket,
        _ => GitProvider.Other,
    };
}
