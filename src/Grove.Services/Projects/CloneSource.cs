using System.Text.RegularExpressions;
using Grove.Core.Errors;

namespace Grove.Services.Projects;

/// <summary>
/// What <c>grove project clone</c> was given, as the URL git clones and the repository's name:
/// <c>owner/repo</c> becomes <c>https://&lt;host&gt;/owner/repo.git</c>; an https, ssh or
/// <c>git@host:owner/repo</c> URL, a <c>file://</c> URL or a local path is taken as is. Every other
/// transport (<c>ext::</c>, <c>fd::</c>, <c>git://</c>, <c>http://</c>…) is refused, and so is a
/// URL that carries a password or token (git's credential helpers supply those).
/// </summary>
public sealed partial record CloneSource(string Url, string RepositoryName)
{
    private static readonly string[] AllowedSchemes = ["https", "ssh", "git+ssh", "file"];

    /// <summary>Reads <paramref name="source"/>; <paramref name="host"/> is the host an <c>owner/repo</c> name is cloned from.</summary>
    public static CloneSource Parse(string source, string host = "github.com")
    {
        if (string.IsNullOrWhiteSpace(source))
        {
            throw new GroveException(ErrorKind.InvalidInput, "A repository is required: owner/repo, a URL or a local path.");
        }

        source = source.Trim();
        if (source.StartsWith('-') || source.Any(char.IsControl))
        {
            throw new GroveException(ErrorKind.InvalidInput, $"'{Printable(source)}' is not a repository: it starts with '-' or holds a control character.");
        }

        if (ShortName().Match(source) is { Success: true } shortName && shortName.Groups["repo"].Value is not ("." or ".."))
        {
            var repo = TrimGit(shortName.Groups["repo"].Value);
            return new CloneSource($"https://{host}/{shortName.Groups["owner"].Value}/{repo}.git", repo);
        }

        if (TransportPrefix().IsMatch(source))
        {
            throw Refused(source);
        }

        if (SchemePrefix().Match(source) is { Success: true } scheme)
        {
            if (!AllowedSchemes.Contains(scheme.Groups["scheme"].Value.ToLowerInvariant()))
            {
                throw Refused(source);
            }

            if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':'))
            {
                throw new GroveException(
                    ErrorKind.InvalidInput,
                    "Don't put a password or token in the URL (git would store it in the clone's config); git's credential helper supplies it.");
            }

            return new CloneSource(source, NameFrom(source));
        }

        if (IsScpLike(source))
        {
            return new CloneSource(source, NameFrom(source[(source.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        }

        var full = Path.GetFullPath(source);
        return new CloneSource(full, NameFrom(full));
    }

    /// <summary>
    /// The host an <c>owner/repo</c> name means: github.com, or the Enterprise host of a
    /// <c>github.api_url</c> of the form <c>https://&lt;host&gt;/api/v3</c>.
    /// </summary>
    public static string HostFor(string? gitHubApiUrl) =>
        Uri.TryCreate(gitHubApiUrl, UriKind.Absolute, out var api)
        && api.Scheme == Uri.UriSchemeHttps
        && api.AbsolutePath.TrimEnd('/').Equals("/api/v3", StringComparison.OrdinalIgnoreCase)
            ? api.Authority
            : "github.com";

    /// <summary><c>host:path</c> or <c>user@host:path</c> as git reads it (a colon before any slash, not a drive letter).</summary>
    private static bool IsScpLike(string source)
    {
        var colon = source.IndexOf(':', StringComparison.Ordinal);
        var slash = source.IndexOf('/', StringComparison.Ordinal);
        return colon > 1 && (slash < 0 || colon < slash);
    }

    private static string NameFrom(string pathOrUrl)
    {
        var trimmed = pathOrUrl.TrimEnd('/', '\\');
        var last = trimmed[(trimmed.LastIndexOfAny(['/', '\\', ':']) + 1)..];
        var name = TrimGit(last);
        return name.Length == 0 || name is "." or ".."
            ? throw new GroveException(ErrorKind.InvalidInput, $"Can't tell the repository's name from '{Printable(pathOrUrl)}'; pass --path.")
            : name;
    }

    private static string TrimGit(string name) =>
        name.EndsWith(".git", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name;

    private static GroveException Refused(string source) =>
        new(ErrorKind.InvalidInput, $"'{Printable(source)}' uses a transport Grove does not clone from; use owner/repo, an https or ssh URL, git@host:owner/repo or a local path.");

    private static string Printable(string value) => value.Length > 80 ? value[..80] + "…" : value;

    [GeneratedRegex(@"^(?<owner>[A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))/(?<repo>[A-Za-z0-9._-]+)$")]
    private static partial Regex ShortName();

    /// <summary>git's <c>&lt;transport&gt;::&lt;address&gt;</c> remote-helper form (<c>ext::sh -c …</c>, <c>fd::3</c>).</summary>
    [GeneratedRegex(@"^[A-Za-z0-9._~+-]+::")]
    private static partial Regex TransportPrefix();

    [GeneratedRegex(@"^(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://")]
    private static partial Regex SchemePrefix();
}
