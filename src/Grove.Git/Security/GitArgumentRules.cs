using System.Collections.Immutable;
using Grove.Core.Errors;

namespace Grove.Git.Security;

/// <summary>
/// The rules <see cref="GitCommand"/> applies on top of its shape checks: options that run
/// programs, read or write files outside the repository or change which repository git uses are
/// refused even as constant flags (a careless caller might pass outside text there); ref names are
/// checked locally with git's own rules; per-invocation config values are checked per key.
/// </summary>
public static class GitArgumentRules
{
    /// <summary>
    /// Long option names (without <c>--</c>) refused in <see cref="GitCommand.Flag"/> and
    /// <see cref="GitCommand.Option"/> for every subcommand. git accepts unambiguous abbreviations,
    /// so any prefix of these is refused too (<c>--upl=…</c> means <c>--upload-pack=…</c>).
    /// </summary>
    public static readonly ImmutableArray<string> DeniedLongOptions =
    [
        "upload-pack", "receive-pack", "exec", "exec-path", "output", "output-directory", "config", "config-env",
        "git-dir", "work-tree", "namespace", "super-prefix", "template", "separate-git-dir", "ext-diff",
        "file", "global", "system", "edit", "blob", "open-files-in-pager", "pathspec-from-file", "orderfile",
        "upload-archive", "reference", "reference-if-able", "paginate", "no-index", "unsafe-paths",
        "build-fake-ancestor",
    ];

    /// <summary>Denied names that are harmless queries for one subcommand (exact, without a value).</summary>
    private static readonly ImmutableDictionary<string, ImmutableHashSet<string>> ExactlyAllowedLongOptions =
        new Dictionary<string, ImmutableHashSet<string>>
        {
            ["rev-parse"] = ImmutableHashSet.Create(StringComparer.Ordinal, "git-dir"),
        }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Short options refused per subcommand (letters as git reads them in a cluster).</summary>
    private static readonly ImmutableDictionary<string, string> DeniedShortOptions = new Dictionary<string, string>
    {
        ["*"] = "c", // -c is git's config switch; never let it near a subcommand either
        ["ls-remote"] = "u", // --upload-pack
        ["clone"] = "uc", // --upload-pack, --config
        ["rebase"] = "x", // --exec
        ["config"] = "fe", // --file, --edit
        ["commit"] = "Fte", // --file, --template, --edit
        ["merge"] = "Fe",
        ["tag"] = "Fe",
        ["diff"] = "O", // -O<orderfile> reads any file
        ["log"] = "O",
        ["show"] = "O",
    }.ToImmutableDictionary(StringComparer.Ordinal);

    /// <summary>Config keys (lower case) or key patterns refused as arguments of <c>git config</c>.</summary>
    private static readonly ImmutableArray<string> DangerousConfigKeyPatterns =
    [
        "core.hookspath", "core.fsmonitor", "core.sshcommand", "core.pager", "core.editor", "core.askpass",
        "core.gitproxy", "core.worktree", "core.sharedrepository", "core.attributesfile", "core.excludesfile",
        "core.alternaterefscommand", "core.bare", "sequence.editor", "diff.external", "diff.*.command", "diff.*.textconv",
        "merge.*.driver", "filter.*", "alias.*", "include.*", "includeif.*", "credential.*", "gpg.*", "pager.*",
        "remote.*.uploadpack", "remote.*.receivepack", "remote.*.vcs", "remote.*.proxy", "url.*",
        "uploadpack.*", "receive.*", "http.*", "https.*", "safe.*", "protocol.*", "submodule.*",
        "difftool.*", "mergetool.*", "sendemail.*", "web.browser", "browser.*", "man.*", "instaweb.*",
        "ssh.*", "transfer.*", "fetch.fsck*", "init.templatedir", "clone.*", "status.relativepaths",
        "commit.template", "core.commentchar", "trace2.*", "gc.*", "maintenance.*",
    ];

    /// <summary>Refuses a flag or option name that could run a program, touch an outside file or change the repository.</summary>
    public static void EnsureFlagAllowed(string subcommand, string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        if (flag.StartsWith("--", StringComparison.Ordinal))
        {
            var name = flag[2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                name = name[..equals];
            }

            if (name.Length == 0)
            {
                throw Denied(flag);
            }

            if (equals < 0 && ExactlyAllowedLongOptions.TryGetValue(subcommand, out var exact) && exact.Contains(name))
            {
                return;
            }

            // Negations (--no-edit, --no-ext-diff) never match: no denied name but "no-index" starts with "no-".
            foreach (var denied in DeniedLongOptions)
            {
                if (denied.StartsWith(name, StringComparison.Ordinal))
                {
                    throw Denied(flag);
                }
            }

            return;
        }

        // A short cluster: every letter counts until one that takes a value; refuse if any denied letter appears.
        var letters = flag[1..];
        var denySet = DeniedShortOptions["*"] + (DeniedShortOptions.TryGetValue(subcommand, out var specific) ? specific : "");
        if (letters.IndexOfAny(denySet.ToCharArray()) >= 0)
        {
            throw Denied(flag);
        }
    }

    /// <summary>
    /// Checks a ref name locally with git's <c>check-ref-format</c> rules plus Grove's: no leading
    /// '-' in any component, no <c>@{</c>, no '..', no control or special characters, no trailing
    /// <c>.lock</c>, '/' or '.'. One-level names (a branch) are fine.
    /// </summary>
    public static void EnsureValidRefName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string? problem = null;
        if (name.Length == 0)
        {
            problem = "is empty";
        }
        else if (name.Length > 1024)
        {
            problem = "is too long";
        }
        else if (name == "@")
        {
            problem = "is '@'";
        }
        else if (name.Contains("..", StringComparison.Ordinal))
        {
            problem = "contains '..'";
        }
        else if (name.Contains("@{", StringComparison.Ordinal))
        {
            problem = "contains '@{'";
        }
        else if (name.Contains("//", StringComparison.Ordinal) || name[0] == '/' || name[^1] == '/')
        {
            problem = "has an empty component";
        }
        else if (name[^1] == '.')
        {
            problem = "ends with '.'";
        }
        else if (name.Any(c => c < 0x20 || c == 0x7F || c is ' ' or '~' or '^' or ':' or '?' or '*' or '[' or '\\' || char.IsControl(c)))
        {
            problem = "contains a character git forbids";
        }
        else
        {
            foreach (var component in name.Split('/'))
            {
                if (component[0] is '-' or '.')
                {
                    problem = $"has a component starting with '{component[0]}'";
                    break;
                }

                if (component.EndsWith(".lock", StringComparison.OrdinalIgnoreCase))
                {
                    problem = "has a component ending with '.lock'";
                    break;
                }
            }
        }

        if (problem is not null)
        {
            throw new SecurityViolationException($"Ref name '{PathGuard.Printable(name)}' refused: it {problem}.");
        }
    }

    /// <summary>Checks a value for <c>-c key=value</c> against what Grove uses that key for.</summary>
    public static void EnsureConfigValueAllowed(string key, string value)
    {
        var ok = key switch
        {
            "core.hooksPath" => value is "/dev/null" or "NUL",
            "core.fsmonitor" or "core.quotePath" or "advice.detachedHead" or "commit.gpgSign" or "core.untrackedCache" =>
                value is "true" or "false",
            "checkout.workers" or "checkout.thresholdForParallelism" or "gc.auto" =>
                value.Length is > 0 and <= 9 && value.All(char.IsAsciiDigit),
            "color.ui" => value is "auto" or "always" or "never" or "true" or "false",
            "protocol.file.allow" => value is "always" or "never" or "user",
            "status.showUntrackedFiles" => value is "no" or "normal" or "all",
            "diff.renames" => value is "true" or "false" or "copies" or "copy",
            "init.defaultBranch" => IsValidRefName(value),
            "user.name" or "user.email" => value.Length <= 256 && !value.Any(char.IsControl),
            _ => false,
        };
        if (!ok)
        {
            throw new SecurityViolationException($"Value '{PathGuard.Printable(value)}' is not allowed for git config key '{key}'.");
        }
    }

    /// <summary>Refuses an argument of <c>git config</c> that names a key able to run programs or redirect git.</summary>
    public static void EnsureConfigArgumentAllowed(string argument)
    {
        var lower = argument.ToLowerInvariant();
        foreach (var pattern in DangerousConfigKeyPatterns)
        {
            if (ConfigKeyMatches(pattern, lower))
            {
                throw new SecurityViolationException($"git config key '{PathGuard.Printable(argument)}' may not be read or set by Grove.");
            }
        }
    }

    private static bool IsValidRefName(string value)
    {
        try
        {
            EnsureValidRefName(value);
            return true;
        }
        catch (SecurityViolationException)
        {
            return false;
        }
    }

    private static bool ConfigKeyMatches(string pattern, string key)
    {
        // Patterns: "a.b" exact; "a.*" any key in section a; "a.*.c" any subsection; "a.b*" prefix.
        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            return key.StartsWith(pattern[..^1], StringComparison.Ordinal);
        }

        if (pattern.EndsWith('*'))
        {
            return key.StartsWith(pattern[..^1], StringComparison.Ordinal);
        }

        var star = pattern.IndexOf(".*.", StringComparison.Ordinal);
        if (star >= 0)
        {
            var section = pattern[..(star + 1)];
            var variable = pattern[(star + 2)..];
            return key.StartsWith(section, StringComparison.Ordinal) && key.EndsWith(variable, StringComparison.Ordinal) &&
                key.Length > section.Length + variable.Length;
        }

        return key == pattern;
    }

    private static SecurityViolationException Denied(string flag) =>
        new($"git option '{PathGuard.Printable(flag)}' is not allowed: it can run programs or reach outside the repository.");
}
