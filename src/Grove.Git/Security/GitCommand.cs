using System.Collections.Immutable;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// An immutable, validated git argument list. The only way Grove builds a git command line:
/// the subcommand must be on the allow-list, flags are constants from Grove's own code, every
/// value that came from outside is checked (no leading <c>-</c>, no NUL or newline), options that
/// carry a value are rendered in the stuck <c>--name=value</c> form, and paths always follow
/// <c>--</c> (with pathspec magic off). Even constant flags and option names pass
/// <see cref="GitArgumentRules"/>: options that run programs or reach outside the repository
/// (<c>--upload-pack</c>, <c>--exec</c>, <c>--output</c>, <c>--git-dir</c>, their abbreviations…)
/// are refused. Nothing is ever passed through a shell.
/// </summary>
public sealed class GitCommand
{
    /// <summary>git subcommands Grove may run. Anything else is refused before a process starts.</summary>
    public static readonly ImmutableHashSet<string> AllowedSubcommands = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "add", "branch", "check-ref-format", "clone", "checkout", "cherry-pick", "commit", "config", "diff",
        "fetch", "for-each-ref", "init", "log", "ls-files", "merge", "merge-base", "merge-tree", "pull", "push",
        "rebase", "remote", "reset", "restore", "rev-list", "rev-parse", "rm", "show", "stash",
        "status", "switch", "symbolic-ref", "update-ref", "version", "worktree", "clean", "apply",
        "mv", "check-ignore", "cat-file", "ls-remote", "hash-object",
        "write-tree", "commit-tree", "read-tree", "checkout-index");

    /// <summary>Config keys Grove itself may set with <c>-c</c> (never from user input).</summary>
    public static readonly ImmutableHashSet<string> AllowedConfigKeys = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "checkout.workers", "checkout.thresholdForParallelism", "core.quotePath", "color.ui",
        "advice.detachedHead", "core.fsmonitor", "gc.auto", "user.name", "user.email",
        "commit.gpgSign", "core.hooksPath", "protocol.file.allow", "init.defaultBranch",
        "core.untrackedCache", "status.showUntrackedFiles", "diff.renames");

    private readonly ImmutableArray<string> _prefix;
    private readonly ImmutableArray<string> _arguments;
    private readonly ImmutableArray<string> _paths;

    private GitCommand(string subcommand, ImmutableArray<string> prefix, ImmutableArray<string> arguments, ImmutableArray<string> paths)
    {
        Subcommand = subcommand;
        _prefix = prefix;
        _arguments = arguments;
        _paths = paths;
    }

    public string Subcommand { get; }

    /// <summary>Starts a command. <paramref name="subcommand"/> must be allow-listed.</summary>
    public static GitCommand Create(string subcommand)
    {
        ArgumentNullException.ThrowIfNull(subcommand);
        if (!AllowedSubcommands.Contains(subcommand))
        {
            throw new SecurityViolationException($"git subcommand '{Printable(subcommand)}' is not allowed.");
        }

        return new GitCommand(subcommand, [], [], []);
    }

    /// <summary>
    /// <c>git credential fill</c>: the one credential command Grove runs (to find a GitHub token for a
    /// host, the description on stdin). <c>credential</c> stays off <see cref="AllowedSubcommands"/>,
    /// so approve / reject / erase can never be built.
    /// </summary>
    public static GitCommand CredentialFill() => new("credential", [], ["fill"], []);

    /// <summary>Sets a config value for this invocation only (<c>-c key=value</c>); key allow-listed.</summary>
    public GitCommand Config(string key, string value)
    {
        if (!AllowedConfigKeys.Contains(key))
        {
            throw new SecurityViolationException($"git config key '{Printable(key)}' may not be set.");
        }

        CheckValue(value, allowLeadingDash: true, what: "config value");
        GitArgumentRules.EnsureConfigValueAllowed(key, value);
        return With(prefix: _prefix.Add("-c").Add($"{key}={value}"));
    }

    /// <summary>
    /// Makes a relative local remote URL (<c>../origin.git</c>, as a repository's config may hold it)
    /// mean <paramref name="absolutePath"/> for this invocation (<c>-c url.&lt;abs&gt;.insteadOf=&lt;rel&gt;</c>):
    /// git resolves such a URL from the folder it runs in, which for a linked worktree is not the
    /// project's. Only a relative path may be rewritten, and only to an absolute one.
    /// </summary>
    public GitCommand RelativeRemote(string relativeUrl, string absolutePath)
    {
        CheckValue(relativeUrl, allowLeadingDash: false, what: "remote URL");
        CheckValue(absolutePath, allowLeadingDash: false, what: "remote path");
        if (!IsRelativeLocalUrl(relativeUrl) || !Path.IsPathFullyQualified(absolutePath) || absolutePath.Contains('=') || relativeUrl.Contains('='))
        {
            throw new SecurityViolationException($"The remote URL '{Printable(relativeUrl)}' can't be rewritten to '{Printable(absolutePath)}'.");
        }

        return With(prefix: _prefix.Add("-c").Add($"url.{absolutePath}.insteadOf={relativeUrl}"));
    }

    /// <summary>A remote URL that git reads as a path relative to its working folder (no scheme, not scp-like, not absolute).</summary>
    public static bool IsRelativeLocalUrl(string url) =>
        url.Length > 0
        && !Path.IsPathRooted(url)
        && !url.Contains("://", StringComparison.Ordinal)
        && !url.StartsWith('~')
        && (url.IndexOf(':', StringComparison.Ordinal) is var colon && (colon < 0 || (url.IndexOf('/', StringComparison.Ordinal) is var slash && slash >= 0 && slash < colon)));

    /// <summary>A constant flag from Grove's code, e.g. <c>--porcelain=v2</c> or <c>-z</c>.</summary>
    public GitCommand Flag(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (!IsWellFormedFlag(flag))
        {
            throw new SecurityViolationException($"'{Printable(flag)}' is not a well-formed git flag.");
        }

        GitArgumentRules.EnsureFlagAllowed(Subcommand, flag);
        return With(arguments: _arguments.Add(flag));
    }

    /// <summary>Adds <paramref name="flag"/> when <paramref name="condition"/> holds.</summary>
    public GitCommand FlagIf(bool condition, string flag) => condition ? Flag(flag) : this;

    /// <summary>
    /// An option with an outside value, rendered stuck (<c>--message=value</c>), so the value can
    /// never be read as another option. Any text is allowed except NUL.
    /// </summary>
    public GitCommand Option(string longName, string value)
    {
        ArgumentNullException.ThrowIfNull(longName);
        if (!longName.StartsWith("--", StringComparison.Ordinal) || !IsWellFormedFlag(longName) || longName.Contains('='))
        {
            throw new SecurityViolationException($"'{Printable(longName)}' is not a well-formed long option.");
        }

        GitArgumentRules.EnsureFlagAllowed(Subcommand, longName);
        CheckValue(value, allowLeadingDash: true, what: longName, allowNewlines: true);
        return With(arguments: _arguments.Add($"{longName}={value}"));
    }

    /// <summary>
    /// A positional value such as a ref, remote, branch or sub-subcommand (<c>add</c> in
    /// <c>worktree add</c>). Refused if it starts with <c>-</c> or holds NUL / newlines.
    /// </summary>
    public GitCommand Arg(string value)
    {
        CheckValue(value, allowLeadingDash: false, what: "argument");
        if (Subcommand == "config")
        {
            GitArgumentRules.EnsureConfigArgumentAllowed(value);
        }

        return With(arguments: _arguments.Add(value));
    }

    /// <summary>
    /// A ref name Grove will create or name exactly (a new branch, a ref to update): checked
    /// locally with git's ref-format rules (see <see cref="GitArgumentRules.EnsureValidRefName"/>)
    /// so a bad name is refused before git runs. Use <see cref="Arg"/> for revisions such as
    /// <c>HEAD~1</c> or <c>HEAD@{-1}</c>.
    /// </summary>
    public GitCommand RefArg(string name)
    {
        CheckValue(name, allowLeadingDash: false, what: "ref name");
        GitArgumentRules.EnsureValidRefName(name);
        return With(arguments: _arguments.Add(name));
    }

    /// <summary>Adds each of <paramref name="values"/> as <see cref="Arg(string)"/>.</summary>
    public GitCommand Args(params IEnumerable<string> values)
    {
        var result = this;
        foreach (var value in values)
        {
            result = result.Arg(value);
        }

        return result;
    }

    /// <summary>
    /// Paths, always after <c>--</c>. Each is checked for NUL, newlines and '..' segments (pass
    /// what <see cref="PathGuard.ToGitPath"/> returns); a leading '-' is harmless after '--'.
    /// The command then runs with <c>--literal-pathspecs</c>, so a name like <c>:(glob)**</c>,
    /// <c>:/</c> or <c>*</c> means that file only, never "everything" (pathspec magic is off).
    /// </summary>
    public GitCommand Paths(params IEnumerable<string> paths)
    {
        var builder = _paths.ToBuilder();
        foreach (var path in paths)
        {
            CheckValue(path, allowLeadingDash: true, what: "path");
            if (path.Split('/', '\\').Contains(".."))
            {
                // Paths come from PathGuard.ToGitPath, which never yields '..'; one here was not confined.
                throw new SecurityViolationException($"The path '{Printable(path)}' holds a '..' segment.");
            }

            builder.Add(path);
        }

        return With(paths: builder.ToImmutable());
    }

    /// <summary>The final argument list, ready for <see cref="System.Diagnostics.ProcessStartInfo.ArgumentList"/>.</summary>
    public IReadOnlyList<string> ToArguments()
    {
        var list = new List<string>(_prefix.Length + 2 + _arguments.Length + 1 + _paths.Length);
        if (_paths.Length > 0)
        {
            list.Add("--literal-pathspecs");
        }

        list.AddRange(_prefix);
        list.Add(Subcommand);
        list.AddRange(_arguments);
        if (_paths.Length > 0)
        {
            list.Add("--");
            list.AddRange(_paths);
        }

        return list;
    }

    public override string ToString() => "git " + string.Join(' ', ToArguments());

    internal static void CheckValue(string value, bool allowLeadingDash, string what, bool allowNewlines = false)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0)
        {
            throw new SecurityViolationException($"Empty {what} refused.");
        }

        if (!allowLeadingDash && value[0] == '-')
        {
            throw new SecurityViolationException($"The {what} '{Printable(value)}' starts with '-' and could be read as an option.");
        }

        foreach (var c in value)
        {
            if (c == '\0' || (!allowNewlines && (c == '\n' || c == '\r')))
            {
                throw new SecurityViolationException($"The {what} contains a control character.");
            }
        }
    }

    private static bool IsWellFormedFlag(string flag)
    {
        if (flag.Length < 2 || flag[0] != '-' || flag == "--")
        {
            return false;
        }

        foreach (var c in flag)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '=' or '.' or ',' or '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Printable(string value)
    {
        var trimmed = value.Length > 80 ? value[..80] + "…" : value;
        return string.Concat(trimmed.Select(c => char.IsControl(c) ? '?' : c));
    }

    private GitCommand With(ImmutableArray<string>? prefix = null, ImmutableArray<string>? arguments = null, ImmutableArray<string>? paths = null) =>
        new(Subcommand, prefix ?? _prefix, arguments ?? _arguments, paths ?? _paths);
}
