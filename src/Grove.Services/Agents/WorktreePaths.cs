using System.Collections.Concurrent;
using Grove.Core.Agents;
using Grove.Git.Security;

namespace Grove.Services.Agents;

/// <summary>Why the agent asked for a permission, in words for a person.</summary>
/// <param name="Text">One line, e.g. "It would write outside this workspace: /etc/hosts".</param>
/// <param name="OutsideWorkspace">True when the path named in the request lies outside the worktree (shown as a warning).</param>
public sealed record PermissionAskReason(string Text, bool OutsideWorkspace);

/// <summary>
/// Paths as a person reads them in one workspace: relative to its worktree when inside it (after
/// resolving links), absolute when outside. Also says why a permission request names a path.
/// Answers are cached: a card renders many times.
/// </summary>
public sealed class WorktreePaths(string? root)
{
    private readonly ConcurrentDictionary<string, string?> _relative = new(StringComparer.Ordinal);

    /// <summary>No worktree known (a path is then shown as given).</summary>
    public static WorktreePaths None { get; } = new(null);

    public string? Root { get; } = root;

    /// <summary>The path relative to the worktree ("." for the root itself), or as given when outside or not absolute.</summary>
    public string Display(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return path ?? "";
        }

        return Relative(path) is { } relative ? (relative.Length == 0 ? "." : relative) : path;
    }

    /// <summary>True when the absolute <paramref name="path"/> lies inside the worktree.</summary>
    public bool Contains(string path) => Relative(path) is not null;

    /// <summary>What the request's blocked path and decision reason say, or null when it gives neither.</summary>
    public PermissionAskReason? Explain(PermissionRequestEvent request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reason = ReasonText(request.DecisionReason);
        if (request.BlockedPath is not { Length: > 0 } blocked)
        {
            return reason is null ? null : new PermissionAskReason(reason, false);
        }

        var absolute = Root is not null && !Path.IsPathFullyQualified(blocked) ? Path.Combine(Root, blocked) : blocked;
        var outside = Root is null || !Contains(absolute);
        var text = outside
            ? $"It would write outside this workspace: {blocked}"
            : $"It would write {Display(absolute)} (inside this workspace)";
        return new PermissionAskReason(reason is null ? text : $"{text}. {reason}", outside);
    }

    private static string? ReasonText(string? decisionReason) => decisionReason switch
    {
        null or "" => null,
        "mode" => "Asked because of the tab's permission mode.",
        "rule" => "Asked because a permission rule says to ask.",
        "classifier" => "Asked by Claude's safety check.",
        "hook" => "Asked by a hook.",
        var other => $"Claude's reason: {other}.",
    };

    private string? Relative(string path)
    {
        if (Root is null || !Path.IsPathFullyQualified(path))
        {
            return null;
        }

        return _relative.GetOrAdd(path, p =>
        {
            if (!PathGuard.IsInside(Root, p))
            {
                return null;
            }

            var lexical = Path.GetRelativePath(Root, p);
            return lexical == "." ? "" : lexical.StartsWith("..", StringComparison.Ordinal) ? null : lexical.Replace(Path.DirectorySeparatorChar, '/');
        });
    }
}
